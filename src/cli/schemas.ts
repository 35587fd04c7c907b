// `stuf-gateway schemas install [--source DIR] | check`: the official StUF bundles in the schema folder
// (STUF_SCHEMA_DIR, default xsd/). The install logic is scripts/install-schemas.mjs, which postinstall also runs.
// A source without the bundles is a usage error (exit 2); `check` finding none installed exits 1.
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { loadConfig } from '../config/index.ts';
import { BUNDLES, schemasInstalled, Validators } from '../xsd/validators.ts';
import { installSchemas, schemaSource } from '../../scripts/install-schemas.mjs';
import { action, EXIT, UsageError } from './program.ts';

export function schemasCommand(): Command {
  const schemas = new Command('schemas').description('install or check the official StUF schema bundles');
  schemas.command('install')
    .description('copy the bundles (zds-1.1, zds-1.2) into the schema folder and generate their entry schemas')
    .option('--source <dir>', 'folder holding zds-1.1/ and zds-1.2/ (default STUF_SCHEMA_SOURCE or ../shared/stuf)')
    .action(action('schemas install', async (o: { source?: string }) => {
      const source = schemaSource(o.source);
      // a source folder that is not there, or holds no bundles, is a wrong argument (exit 2), as a missing file is
      const missing = BUNDLES.filter((b) => !fs.existsSync(path.join(source, b)));
      if (missing.length) {
        throw new UsageError(`${fs.existsSync(source) ? `no ${missing.join(', ')} in` : 'no such folder:'} ${source}; ` +
          '--source DIR (or STUF_SCHEMA_SOURCE) must name a folder holding zds-1.1/ and zds-1.2/');
      }
      const r = installSchemas(source, loadConfig().schemaDir);
      console.log(`schemas: installed ${r.bundles.join(', ')} from ${r.source} into ${r.target}`);
      return EXIT.ok;
    }));
  schemas.command('check')
    .description('are the bundles installed, and does each compile? exit 1 when not')
    .action(action('schemas check', async () => {
      const dir = path.resolve(loadConfig().schemaDir);
      if (!schemasInstalled(dir)) {
        console.error(`schemas: not installed in ${dir}; run \`stuf-gateway schemas install --source DIR\``);
        return EXIT.failed;
      }
      Validators.load(dir); // throws naming the bundle that does not compile
      const source = fs.readFileSync(path.join(dir, 'INSTALLED'), 'utf8').match(/^source=(.*)$/m)?.[1] ?? '?';
      console.log(`schemas: ${BUNDLES.join(', ')} installed in ${dir} (from ${source}); each compiles`);
      return EXIT.ok;
    }));
  return schemas;
}
