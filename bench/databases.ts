// The databases of a bench part: a new SQLite file in the temp folder, and with DATABASE_URL=postgres://... a new
// schema (selected through search_path in the URL the gateway gets), dropped at the end, on Ctrl-C and after a
// failure, so that PostgreSQL is left as it was (no tables, no knex migration lock).
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { createDb, type Db } from '../src/store/db.ts';
import { options } from './options.ts';

export interface BenchDb {
  /** sqlite | postgres */
  name: string;
  /** DATABASE_URL for the gateway */
  url: string;
  /** a knex connection of the bench itself (seeding), opened on first use */
  db(): Db;
  drop(): Promise<void>;
}

const open = new Set<BenchDb>();

function benchDb(name: string, url: string, remove: () => Promise<void>): BenchDb {
  let conn: Db | undefined;
  const d: BenchDb = {
    name, url,
    db: () => (conn ??= createDb(url)),
    async drop() {
      open.delete(d);
      await conn?.destroy();
      conn = undefined;
      await remove();
    },
  };
  open.add(d);
  return d;
}

/** The databases of a part named `tag`: SQLite, and PostgreSQL when configured (unless `pgOnly` / `sqliteOnly`). */
export async function databases(tmp: string, tag: string, which: { sqlite?: boolean; postgres?: boolean } = { sqlite: true, postgres: true }): Promise<BenchDb[]> {
  const out: BenchDb[] = [];
  if (which.sqlite) {
    const file = path.join(tmp, `${tag}.db`);
    out.push(benchDb('sqlite', `sqlite:${file}`, async () => {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    }));
  }
  if (which.postgres && options.pgUrl) out.push(await pgSchema(options.pgUrl, `bench_${tag}_${process.pid}_${Date.now().toString(36)}`));
  return out;
}

async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client(url);
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function pgSchema(base: string, schema: string): Promise<BenchDb> {
  await admin(base, (c) => c.query(`create schema "${schema}"`));
  const url = `${base}${base.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return benchDb('postgres', url, () => admin(base, (c) => c.query(`drop schema if exists "${schema}" cascade`)).then(() => undefined));
}

/** Drops every database still open (end of the run, Ctrl-C, failure); never throws. */
export async function dropAll(): Promise<void> {
  for (const d of [...open]) await d.drop().catch((e) => console.error(`  could not drop the ${d.name} bench database: ${(e as Error).message}`));
}
