// Statements written as SQL with `?` placeholders, for the hot paths. knex's per-query pool and promise machinery
// cost more than a small SQLite statement itself (measured ~30 µs vs ~15 µs), so on SQLite they run directly:
// - a vraag reads outside any transaction, on its own read-only connection: WAL lets that connection read what
//   is committed while the writer's connection is inside a message's transaction;
// - inside a message's transaction (src/store/transacties.ts binds it), on that transaction's connection, so the
//   statements see and are part of the transaction.
// On PostgreSQL (and for unbound transactions) they go through knex.raw.
import Database from 'better-sqlite3';
import type { Knex } from 'knex';
import { prepared, type Connection } from './sqliteClient.ts';

export type Binding = string | number | null | Buffer;

/** The connection of an SQLite transaction, bound for direct statements. */
const bound = new WeakMap<Knex, Connection>();

/** Lets `lees`/`voer` run directly on the connection of this SQLite transaction (a no-op on PostgreSQL). */
export async function bindTransactie(trx: Knex.Transaction): Promise<void> {
  if (trx.client.config.client === 'pg') return;
  bound.set(trx, (await (trx.client as unknown as { acquireConnection(): Promise<Connection> }).acquireConnection()));
}

interface Reader {
  db: Database.Database;
  statements: Map<string, Database.Statement>;
  versie?: Database.Statement;
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
  const conn = bound.get(db);
  if (conn) return prepared(conn, sql).all(bindings) as T[];
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

/**
 * The read connection's `data_version`: it changes when another connection (this process's writer, the log writer's
 * worker, another process) has committed since it was last read. Undefined without a read connection.
 */
export function dataVersie(db: Knex): number | undefined {
  const reader = readerOf(db);
  if (!reader) return undefined;
  reader.versie ??= reader.db.prepare('pragma data_version').pluck();
  return reader.versie.get() as number;
}

/** A statement without result rows (insert, update, delete); the number of rows it changed. */
export async function voer(db: Knex, sql: string, bindings: Binding[]): Promise<number> {
  const conn = bound.get(db);
  if (conn) return prepared(conn, sql).run(bindings).changes;
  const r = await db.raw(sql, bindings);
  return Number((r as { rowCount?: number; changes?: number }).rowCount ?? (r as { changes?: number }).changes ?? 0);
}

/** Closes the read connection of `db` (if it has one); call before db.destroy(). */
export function closeReader(db: Knex): void {
  readers.get(db)?.db.close();
  readers.delete(db);
}
