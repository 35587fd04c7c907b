import type { Knex } from 'knex';

// The store's generation (SQLite): one counter that every insert, update and delete of domain data raises, by
// triggers on every table except the logs and bookkeeping below. A vraag answer cached under a generation
// (src/operations/read/antwoordcache.ts) is valid as long as the counter has not moved, whatever wrote (this process,
// a knex statement, the CLI, another process). Writes of the logs (audit on every answer that shows a BSN, the
// message log, the outbox's delivery state, dashboard sessions) do not count: they change no answer. PostgreSQL has
// no such counter (one row raised by every writer would serialise them); answers are not cached there.
//
// A table added by a later migration gets its triggers with `volgGeneratie(k, table)`; test/antwoordcache.test.ts
// fails for a table without them.
export const GEEN_DOMEINDATA = new Set([
  'audit', 'audit_bsn', 'berichtenlog', 'outbox', 'dashboard_sessie', 'verwerkt_bericht', 'identificatie_teller',
  'identificatie_reservering', 'cache_generatie',
]);

export async function volgGeneratie(k: Knex, table: string): Promise<void> {
  if (k.client.config.client === 'pg') return;
  for (const op of ['insert', 'update', 'delete']) {
    await k.raw(`create trigger ${table}_generatie_${op} after ${op} on ${table} begin update cache_generatie set n = n + 1; end`);
  }
}

export async function up(k: Knex): Promise<void> {
  if (k.client.config.client === 'pg') return;
  await k.raw('create table cache_generatie (n integer not null)');
  await k.raw('insert into cache_generatie (n) values (0)');
  const tables = (await k.raw("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'knex_%'")) as { name: string }[];
  for (const { name } of tables) if (!GEEN_DOMEINDATA.has(name)) await volgGeneratie(k, name);
}

export async function down(k: Knex): Promise<void> {
  if (k.client.config.client === 'pg') return;
  const triggers = (await k.raw("select name from sqlite_master where type = 'trigger' and name like '%\\_generatie\\_%' escape '\\'")) as { name: string }[];
  for (const { name } of triggers) await k.raw(`drop trigger ${name}`);
  await k.raw('drop table cache_generatie');
}
