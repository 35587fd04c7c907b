// `npm run audit -- --bsn BSN | --zender ZENDER [--from DATE] [--to DATE] [--json]`: who was shown which BSNs, zaken and
// documents (the append-only audit log of the configured database). Exit codes: 0 done, 1 error, 2 usage.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/index.ts';
import { createDb, migrate } from '../store/db.ts';
import { zoekAudit } from '../audit/audit.ts';

const USAGE = `usage:
  npm run audit -- --bsn 999999990 [--from 2026-01-01] [--to 2026-02-01] [--json]
  npm run audit -- --zender 0999/WMO [--from 2026-12-01] [--to 2026-12-05] [--json]
  --zender matches the start of the zender key organisatie/applicatie/administratie/gebruiker; --to is exclusive`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { bsn: { type: 'string' }, zender: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.bsn && !values.zender) {
    console.error(`give --bsn or --zender\n${USAGE}`);
    return 2;
  }
  for (const d of [values.from, values.to]) {
    if (d !== undefined && Number.isNaN(Date.parse(d))) {
      console.error(`not a date: ${d}\n${USAGE}`);
      return 2;
    }
  }
  const config = loadConfig();
  const db = createDb(config.databaseUrl);
  try {
    await migrate(db);
    const rows = await zoekAudit(db, { bsn: values.bsn, zender: values.zender, van: values.from, tot: values.to, limit: values.limit ? Number(values.limit) : undefined });
    if (values.json) console.log(JSON.stringify(rows, null, 2));
    else {
      console.log('id\ttijdstip\tzender\tgebruiker\tcertificaat\toperatie\treferentienummer\tzaken\tdocumenten\tbsns');
      for (const r of rows) console.log([r.id, r.tijdstip, r.zender, r.gebruiker, r.certificaat, r.operatie, r.referentienummer, r.zaken, r.documenten, r.bsns].map((v) => v ?? '').join('\t'));
      console.log(`${rows.length} record${rows.length === 1 ? '' : 's'}`);
    }
    return 0;
  } finally {
    await db.destroy();
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
  console.error(`audit: ${(e as Error).message}`);
  process.exit(1);
});
