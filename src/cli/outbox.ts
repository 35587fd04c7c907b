// `stuf-gateway outbox list|retry` (npm run outbox): the outgoing kennisgevingen of the configured database
// (STUF_CONFIG / DATABASE_URL as for the gateway). retry exits 1 when nothing matched.
import { Command, Option } from 'commander';
import { loadConfig } from '../config/index.ts';
import { createDb, migrate } from '../store/db.ts';
import { lijst, opnieuw, type Toestand } from '../notify/outbox.ts';
import { action, EXIT, runIfMain, UsageError } from './program.ts';

const STATES: Toestand[] = ['wachtend', 'bezorgd', 'dood'];

async function withDb<T>(fn: (db: ReturnType<typeof createDb>) => Promise<T>): Promise<T> {
  const db = createDb(loadConfig().databaseUrl);
  try {
    await migrate(db);
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

interface ListOptions { state?: Toestand; subscriber?: string; zaak?: string; limit?: string; json?: boolean }

export function outboxCommand(): Command {
  const outbox = new Command('outbox').description('the outgoing kennisgevingen: list them, put dead letters back in the queue');
  outbox.command('list')
    .description('list outbox entries')
    .addOption(new Option('--state <state>', 'only entries in this state').choices(STATES))
    .option('--subscriber <name>', 'only this abonnee')
    .option('--zaak <identificatie>', 'only kennisgevingen about this zaak')
    .option('--limit <n>', 'at most this many entries')
    .option('--json', 'JSON instead of tab-separated lines')
    .action(action('outbox list', (o: ListOptions) => withDb(async (db) => {
      const rows = await lijst(db, { toestand: o.state, abonnee: o.subscriber, zaak: o.zaak, limit: o.limit ? Number(o.limit) : undefined });
      if (o.json) console.log(JSON.stringify(rows, null, 2));
      else {
        console.log('id\tstate\tattempts\tsubscriber\tmessage\tzaak\tcreated\tlast error');
        for (const r of rows) console.log([r.id, r.toestand, r.pogingen, r.abonnee, r.berichtsoort, r.zaak_identificatie ?? '', r.aangemaakt_op, (r.laatste_fout ?? '').slice(0, 120)].join('\t'));
        console.log(`${rows.length} entr${rows.length === 1 ? 'y' : 'ies'}`);
      }
      return EXIT.ok;
    })));
  outbox.command('retry')
    .description('put these dead letters (or --all) back in the queue; exit 1 when none matched')
    .argument('[ids...]', 'outbox entry ids')
    .option('--all', 'all dead letters')
    .action(action('outbox retry', async (idArgs: string[], o: { all?: boolean }) => {
      const ids = idArgs.map(Number);
      if (!o.all && (!ids.length || ids.some((n) => !Number.isInteger(n)))) throw new UsageError('retry needs entry ids or --all');
      const n = await withDb((db) => opnieuw(db, o.all ? [] : ids));
      console.log(`${n} dead letter${n === 1 ? '' : 's'} back in the queue; a running gateway delivers ${n === 1 ? 'it' : 'them'} at its next poll`);
      return n ? EXIT.ok : EXIT.failed;
    }));
  return outbox;
}

runIfMain(import.meta.url, outboxCommand);
