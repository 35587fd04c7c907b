// `stuf-gateway` (bin/stuf-gateway.mjs, npm run cli --): one program, a thin module per subcommand.
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { projectRoot } from '../config/index.ts';
import { auditCommand } from './audit.ts';
import { benchCommand } from './bench.ts';
import { conformanceCommand } from './conformance.ts';
import { dashboardCommand } from './dashboard.ts';
import { migrateCommand } from './migrate.ts';
import { outboxCommand } from './outbox.ts';
import { EXIT_CODES_HELP, run } from './program.ts';
import { schemasCommand } from './schemas.ts';
import { sendCommand } from './send.ts';
import { serveCommand } from './serve.ts';

export function program(): Command {
  const { version } = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string };
  const p = new Command('stuf-gateway')
    .description('StUF-ZKN / ZDS gateway: serve, maintain, and test ZDS servers (configuration: STUF_CONFIG and the environment)')
    .version(version)
    .addHelpText('after', EXIT_CODES_HELP);
  for (const c of [serveCommand(), migrateCommand(), schemasCommand(), sendCommand(), conformanceCommand(), benchCommand(), auditCommand(), outboxCommand(), dashboardCommand()]) p.addCommand(c);
  return p;
}

await run(program(), process.argv.slice(2));
