// WAL checkpoints of the embedded store off the event loop. SQLite checkpoints automatically inside a COMMIT once the
// WAL passes 1000 pages, and a checkpoint syncs the WAL and the database file: on this kind of VM that stalled the one
// JS thread for 3-40 ms every few hundred commits (measured: COMMIT p50 83 µs, p90 2.7 ms, p99 40 ms), and every
// message waited behind it. With a file database the gateway turns automatic checkpoints off on its connection and
// this worker thread runs PASSIVE checkpoints on a connection of its own: they copy what they can without taking the
// write lock, so the writer never waits for them. A crash loses nothing (the WAL is replayed on the next open).
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import type { Knex } from 'knex';
import { isPg } from './db.ts';

const require = createRequire(import.meta.url);

/** The worker's code (CommonJS, evaluated): a PASSIVE checkpoint every `intervalMs` while the WAL has new frames. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.filename, { fileMustExist: true });
db.pragma('busy_timeout = 0');
let stop = false;
parentPort.on('message', (m) => { if (m === 'stop') stop = true; });
function tick() {
  if (stop) { db.close(); parentPort.postMessage('gestopt'); return; }
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: the next tick tries again */ }
  setTimeout(tick, workerData.intervalMs);
}
tick();
`;

export interface Checkpointer { stop(): Promise<void> }

/** Starts background checkpoints for a file-backed SQLite store; undefined for PostgreSQL and :memory:. */
export async function startCheckpointer(db: Knex, intervalMs = 250): Promise<Checkpointer | undefined> {
  const filename = (db.client.config.connection as { filename?: string } | undefined)?.filename;
  if (isPg(db) || !filename || filename === ':memory:') return undefined;
  await db.raw('pragma wal_autocheckpoint = 0');
  const worker = new Worker(WORKER, { eval: true, workerData: { filename, intervalMs, driver: require.resolve('better-sqlite3') } });
  worker.unref();
  return {
    stop: () => new Promise<void>((resolve) => {
      worker.once('message', () => resolve());
      worker.once('exit', () => resolve());
      worker.postMessage('stop');
    }),
  };
}
