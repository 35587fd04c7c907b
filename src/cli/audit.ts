// `stuf-gateway audit --bsn BSN | --zender ZENDER [--from DATE] [--to DATE] [--json]` (npm run audit): who was shown
// which BSNs, zaken and documents (the append-only audit log of the configured database).
import { Command } from 'commander';
import { loadConfig } from '../config/index.ts';
import { createDb, migrate } from '../store/db.ts';
import { zoekAudit } from '../audit/audit.ts';
import { action, EXIT, runIfMain, UsageError } from './program.ts';

interface Options { bsn?: string; zender?: string; from?: string; to?: string; limit?: string; json?: boolean }

export function auditCommand(): Command {
  return new Command('audit')
    .description('who was shown which BSNs, zaken and documents (the audit log)')
    .option('--bsn <bsn>', 'records that showed this BSN')
    .option('--zender <zender>', 'records of this zender key (organisatie/applicatie/administratie/gebruiker) or of the keys it begins up to a /')
    .option('--from <date>', 'from this date (inclusive)')
    .option('--to <date>', 'up to this date (exclusive)')
    .option('--limit <n>', 'at most this many records')
    .option('--json', 'JSON instead of tab-separated lines')
    .addHelpText('after', '\nExamples:\n  stuf-gateway audit --bsn 999999990 --from 2026-01-01 --to 2026-02-01\n  stuf-gateway audit --zender 0999/WMO --json')
    .action(action('audit', async (o: Options) => {
      if (!o.bsn && !o.zender) throw new UsageError('give --bsn or --zender');
      for (const d of [o.from, o.to]) if (d !== undefined && Number.isNaN(Date.parse(d))) throw new UsageError(`not a date: ${d}`);
      const config = loadConfig();
      const db = createDb(config.databaseUrl);
      try {
        await migrate(db);
        const rows = await zoekAudit(db, { bsn: o.bsn, zender: o.zender, van: o.from, tot: o.to, limit: o.limit ? Number(o.limit) : undefined });
        if (o.json) console.log(JSON.stringify(rows, null, 2));
        else {
          console.log('id\ttijdstip\tzender\tgebruiker\tcertificaat\toperatie\treferentienummer\tzaken\tdocumenten\tbsns');
          for (const r of rows) console.log([r.id, r.tijdstip, r.zender, r.gebruiker, r.certificaat, r.operatie, r.referentienummer, r.zaken, r.documenten, r.bsns].map((v) => v ?? '').join('\t'));
          console.log(`${rows.length} record${rows.length === 1 ? '' : 's'}`);
        }
        return EXIT.ok;
      } finally {
        await db.destroy();
      }
    }));
}

runIfMain(import.meta.url, auditCommand);
