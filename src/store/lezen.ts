// Reads written as SQL with `?` placeholders. A vraag reads outside any transaction; on SQLite it does so on
// its own read-only connection with cached prepared statements: WAL lets that connection read what is
// committed while the writer's connection is inside a message's transaction, and it skips knex's
// per-query pool and promise machinery, which cost more than the query itself (measured ~30 µs vs ~15 µs).
// Inside a transaction (and on PostgreSQL) the query goes through knex, so it sees the transaction's writes.
import Database from 'better-sqlite3';
import type { Knex } from 'knex';

export type Binding = string | number;

interface Reader {
  db: Database.Database;
  statements: Map<string, Database.Statement>;
}

const MAX_STATEMENTS = 500;
const readers = new WeakMap<Knex, Reader | null>();

/** The read connection of a root SQLite knex on a file; null for PostgreSQL, :memory: and transactions. */
function readerOf(db: Knex): Reader | null {
  if (db.isTransaction) return null;
  let r = readers.get(db);
  if (r !== undefined) return r;
  const filename = (db.client.config.connection as { filename?: string } | undefined)?.filename;
  r = db.client.config.client !== 'pg' && filename && filename !== ':memory:'
    ? { db: new Database(filename, { readonly: true, fileMustExist: true }), statements: new Map() }
    : null;
  if (r) r.db.pragma('busy_timeout = 5000');
  readers.set(db, r);
  return r;
}

export async function lees<T>(db: Knex, sql: string, bindings: Binding[]): Promise<T[]> {
  const reader = readerOf(db);
  if (!reader) {
    const r = await db.raw(sql, bindings);
    return (Array.isArray(r) ? r : r.rows) as T[];
  }
  let st = reader.statements.get(sql);
  if (!st) {
    if (reader.statements.size >= MAX_STATEMENTS) reader.statements.delete(reader.statements.keys().next().value as string);
    reader.statements.set(sql, (st = reader.db.prepare(sql)));
  }
  return st.all(bindings) as T[];
}

/** Closes the read connection of `db` (if it has one); call before db.destroy(). */
export function closeReader(db: Knex): void {
  readers.get(db)?.db.close();
  readers.delete(db);
}
