// Migrations are TypeScript modules listed here (no directory scanning: works the same under tsx and tests).
import type { Knex } from 'knex';
import * as m001 from './001_initial.ts';
import * as m002q from './002_query_indexes.ts';
import * as m003 from './003_documenten.ts';
import * as m004 from './004_besluiten.ts';
import * as m005 from './005_overdracht.ts';
import * as m006 from './006_outbox.ts';
import * as m007 from './007_audit.ts';
import * as m008 from './008_gemeente.ts';
import * as m009 from './009_dashboard.ts';
import * as m010 from './010_audit_truncate.ts';
import * as m011 from './011_generatie.ts';

const MIGRATIONS: Record<string, { up(k: Knex): Promise<void>; down(k: Knex): Promise<void> }> = {
  '001_initial': m001,
  '002_query_indexes': m002q,
  '003_documenten': m003,
  '004_besluiten': m004,
  '005_overdracht': m005,
  '006_outbox': m006,
  '007_audit': m007,
  '008_gemeente': m008,
  '009_dashboard': m009,
  '010_audit_truncate': m010,
  '011_generatie': m011,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS),
  getMigrationName: (name) => name,
  getMigration: async (name) => MIGRATIONS[name],
};
