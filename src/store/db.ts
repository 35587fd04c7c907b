// Knex on better-sqlite3 (embedded default, WAL) or pg (production; several gateway processes).
import fs from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import { log } from '../log.ts';
import { migrationSource } from './migrations/index.ts';
import { CachedSqliteClient } from './sqliteClient.ts';

export type Db = Knex;

// knex and the pool report lost connections themselves: as JSON log lines like the rest, not on the console
const tekst = (m: unknown) => (m instanceof Error ? m.message : String(m)).split('\n')[0]; // no stack traces
const knexLog: Knex.Logger = {
  warn: (m) => log.warn('database', { melding: tekst(m) }),
  error: (m) => log.error('database', { melding: tekst(m) }),
  deprecate: () => {},
};

export function createDb(databaseUrl: string): Db {
  if (databaseUrl.startsWith('postgres://') || databaseUrl.startsWith('postgresql://')) {
    return knex({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: Number(process.env.DB_POOL_MAX ?? 10) }, log: knexLog });
  }
  if (!databaseUrl.startsWith('sqlite:')) throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (got ${databaseUrl})`);
  const filename = databaseUrl.slice('sqlite:'.length) || ':memory:';
  if (filename !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
  return knex({
    client: CachedSqliteClient as unknown as typeof knex.Client,
    connection: { filename },
    useNullAsDefault: true,
    log: knexLog,
    // One connection: better-sqlite3 is synchronous, and SQLite has one writer anyway.
    pool: {
      min: 1, max: 1,
      afterCreate: (conn: { pragma: (s: string) => void }, done: (e: Error | null, c: unknown) => void) => {
        conn.pragma('journal_mode = WAL');
        conn.pragma('synchronous = NORMAL');
        conn.pragma('foreign_keys = ON');
        conn.pragma('busy_timeout = 5000');
        done(null, conn);
      },
    },
  });
}

export const isPg = (db: Db) => db.client.config.client === 'pg';
export const isSqlite = (db: Db) => !isPg(db);

/** Does the database answer a trivial query within `timeoutMs`? (readiness; never throws) */
export async function bereikbaar(db: Db, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); });
  try {
    return await Promise.race([db.raw('select 1').then(() => true, () => false), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** How long a process waits for another one's migrations (they may rewrite large tables) before it gives up. */
const MIGRATIE_WACHTTIJD_MS = 5 * 60_000;

/**
 * Brings the schema up to date. Several gateway processes may start at once. On PostgreSQL they queue on a session
 * advisory lock (per schema), which the server releases when a process dies; whoever holds it is the only migrator, so
 * a knex lock row still set is a dead process's and is cleared (knex's own lock row would otherwise block every start
 * after a crash mid-migration). SQLite has no session locks across processes: wait for knex's lock, then say how to
 * clear it.
 */
export async function migrate(db: Db): Promise<void> {
  if (!isPg(db)) return migrateMetWachten(db);
  const conn = await db.client.acquireConnection();
  const sleutel = "hashtext('stuf-gateway migrations ' || current_schema())";
  try {
    await conn.query(`select pg_advisory_lock(${sleutel})`);
    try {
      await db.migrate.forceFreeMigrationsLock({ migrationSource });
      await migrateMetWachten(db);
    } finally {
      await conn.query(`select pg_advisory_unlock(${sleutel})`);
    }
  } finally {
    await db.client.releaseConnection(conn);
  }
}

async function migrateMetWachten(db: Db): Promise<void> {
  const until = Date.now() + MIGRATIE_WACHTTIJD_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      await db.migrate.latest({ migrationSource });
      return;
    } catch (e) {
      const msg = (e as Error).message;
      // Processes starting together on a new database also race to create knex's own tables: the losers get
      // "already exists" (or pg_type's duplicate key) for knex_migrations(_lock); on the next attempt they are there.
      const locked = /already locked/i.test(msg);
      const race = locked || (/knex_migrations/.test(msg) && /already exists|duplicate key/i.test(msg));
      if (!race) throw e;
      if (Date.now() > until) {
        if (!locked) throw e;
        throw new Error(`the migration lock has been held for ${MIGRATIE_WACHTTIJD_MS / 60_000} minutes; if no other gateway is migrating this database, a process died mid-migration: run \`npm run migrate -- --unlock\``);
      }
      await new Promise((r) => setTimeout(r, Math.min(1000, 200 * (attempt + 1))));
    }
  }
}

/** Clears knex's migration lock (`npm run migrate -- --unlock`: after a process died mid-migration on SQLite). */
export async function ontgrendelMigraties(db: Db): Promise<void> {
  await db.migrate.forceFreeMigrationsLock({ migrationSource });
}
