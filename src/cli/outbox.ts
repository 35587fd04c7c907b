// `npm run outbox -- list|retry`: the outgoing kennisgevingen of the configured database (STUF_CONFIG /
// DATABASE_URL as for the gateway). Exit codes: 0 done, 1 nothing matched (retry) or an error, 2 usage.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/index.ts';
import { createDb, migrate } from '../store/db.ts';
import { lijst, opnieuw, type Toestand } from '../notify/outbox.ts';

const USAGE = `usage:
  npm run outbox -- list [--state wachtend|bezorgd|dood] [--subscriber NAME] [--zaak IDENTIFICATIE] [--limit N] [--json]
  npm run outbox -- retry ID [ID ...]     put these dead letters back in the queue
  npm run outbox -- retry --all           all dead letters`;

const STATES: Toestand[] = ['wachtend', 'bezorgd', 'dood'];

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: { state: { type: 'string' }, subscriber: { type: 'string' }, zaak: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' }, all: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  if (values.state && !STATES.includes(values.state as Toestand)) throw new Usage(`--state must be one of ${STATES.join(', ')}`);
  const config = loadConfig();
  const db = createDb(config.databaseUrl);
  try {
    await migrate(db);
    if (command === 'list') {
      const rows = await lijst(db, { toestand: values.state as Toestand | undefined, abonnee: values.subscriber, zaak: values.zaak, limit: values.limit ? Number(values.limit) : undefined });
      if (values.json) console.log(JSON.stringify(rows, null, 2));
      else {
        console.log('id\tstate\tattempts\tsubscriber\tmessage\tzaak\tcreated\tlast error');
        for (const r of rows) {
          console.log([r.id, r.toestand, r.pogingen, r.abonnee, r.berichtsoort, r.zaak_identificatie ?? '', r.aangemaakt_op, (r.laatste_fout ?? '').slice(0, 120)].join('\t'));
        }
        console.log(`${rows.length} entr${rows.length === 1 ? 'y' : 'ies'}`);
      }
      return 0;
    }
    if (command === 'retry') {
      const ids = rest.map(Number);
      if (!values.all && (!ids.length || ids.some((n) => !Number.isInteger(n)))) throw new Usage('retry needs entry ids or --all');
      const n = await opnieuw(db, values.all ? [] : ids);
      console.log(`${n} dead letter${n === 1 ? '' : 's'} back in the queue; a running gateway delivers ${n === 1 ? 'it' : 'them'} at its next poll`);
      return n ? 0 : 1;
    }
    throw new Usage(`unknown command ${command}`);
  } finally {
    await db.destroy();
  }
}

class Usage extends Error {}

main(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
  console.error(e instanceof Usage ? `${e.message}\n${USAGE}` : `outbox: ${(e as Error).message}`);
  process.exit(e instanceof Usage ? 2 : 1);
});
