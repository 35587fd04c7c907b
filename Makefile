# Convenience targets; npm scripts are the source of truth.
.PHONY: install schemas start test test-pg bench typecheck

install:
	npm install

schemas:
	node scripts/install-schemas.mjs $(if $(STUF_SCHEMA_SOURCE),--source $(STUF_SCHEMA_SOURCE),)

start:
	npm start

test:
	npm test

test-pg:
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} npm test

bench:
	npm run bench

typecheck:
	npx tsc --noEmit
