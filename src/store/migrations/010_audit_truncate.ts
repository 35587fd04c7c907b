import type { Knex } from 'knex';

// The audit log is append-only (007): on PostgreSQL its triggers are row-level, and TRUNCATE fires no row triggers,
// so it emptied both tables. A statement-level BEFORE TRUNCATE trigger with the same function refuses it.
// SQLite has no TRUNCATE (a DELETE without WHERE fires the row triggers of 007).
export async function up(k: Knex): Promise<void> {
  if (k.client.config.client !== 'pg') return;
  for (const table of ['audit', 'audit_bsn']) {
    await k.raw(`create trigger ${table}_no_truncate before truncate on ${table} for each statement execute function ${table}_alleen_toevoegen()`);
  }
}

export async function down(k: Knex): Promise<void> {
  if (k.client.config.client !== 'pg') return;
  for (const table of ['audit', 'audit_bsn']) await k.raw(`drop trigger if exists ${table}_no_truncate on ${table}`);
}
