// knex's better-sqlite3 client prepares every statement anew; preparing dominated the cost of small queries
// (profiled: ~20% of a geefZaakdetails). This client keeps the prepared statements per connection.
import { createRequire } from 'node:module';
import { Schrijfslot } from './schrijfslot.ts';

const require = createRequire(import.meta.url);
const BaseClient = require('knex/lib/dialects/better-sqlite3/index.js') as new (config: unknown) => object;

export interface Statement {
  reader: boolean;
  readonly: boolean;
  all(bindings: unknown[]): unknown[];
  run(bindings: unknown[]): { lastInsertRowid: number | bigint; changes: number };
}
export interface Connection { prepare(sql: string): Statement; readonly inTransaction: boolean }

const MAX_STATEMENTS = 1000;
/** The write slot a connection holds (src/store/schrijfslot.ts). */
const vast = new WeakMap<Connection, Schrijfslot>();
const caches = new WeakMap<Connection, Map<string, Statement>>();

export function prepared(connection: Connection, sql: string): Statement {
  let cache = caches.get(connection);
  if (!cache) caches.set(connection, (cache = new Map()));
  let st = cache.get(sql);
  if (!st) {
    if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value as string); // oldest first
    st = connection.prepare(sql);
    cache.set(sql, st);
  }
  return st;
}

/** A Date as SQLite's CURRENT_TIMESTAMP (the timestamp columns' default) writes it: UTC `YYYY-MM-DD HH:MM:SS`. */
export const sqliteTijdstip = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

export class CachedSqliteClient extends (BaseClient as new (config: unknown) => {
  _formatBindings(b: unknown[] | undefined): unknown[];
  config: { connection?: { filename?: string } };
}) {

  // knex binds a Date as epoch ms, and in SQLite a number is less than any text: `ontvangen_op < ?` with a Date
  // matched no row that the column default had written (the message log's retention removed nothing).
  _formatBindings(bindings: unknown[] | undefined): unknown[] {
    return super._formatBindings(bindings?.map((b) => (b instanceof Date ? sqliteTijdstip(b) : b)));
  }

  async _query(connection: Connection, obj: { sql?: string; bindings?: unknown[]; response?: unknown; context?: unknown }) {
    if (!obj.sql) throw new Error('The query is empty');
    if (!connection) throw new Error('No connection provided');
    const statement = prepared(connection, obj.sql);
    const bindings = this._formatBindings(obj.bindings);
    // The write slot shared with the log writer's worker (src/store/schrijfslot.ts), when one runs on this file: held
    // from a write or BEGIN (SQLite calls BEGIN read-only) to the end of the transaction. Kept per connection: knex
    // runs a transaction's statements on another client object.
    const slot = vast.has(connection) ? undefined : Schrijfslot.bij(this.config.connection?.filename);
    if (slot && (!statement.readonly || /^begin/i.test(obj.sql))) {
      slot.neem();
      vast.set(connection, slot);
    }
    try {
      if (statement.reader) {
        obj.response = statement.all(bindings);
        return obj;
      }
      const response = statement.run(bindings);
      obj.response = response;
      obj.context = { lastID: response.lastInsertRowid, changes: response.changes };
      return obj;
    } finally {
      const gehouden = vast.get(connection);
      if (gehouden && !connection.inTransaction) {
        vast.delete(connection);
        gehouden.geef();
      }
    }
  }
}
