// The message log and the audit records of a SQLite file store are written by a worker thread with a connection of its
// own (src/audit/logschrijver.worker.ts). On the one JS thread they cost ~100 µs of a ~380 µs geefZaakdetails: masking
// and inserting the request and the answer, the audit rows, and the commits. The main thread now only posts them; an
// answer that shows BSNs still waits until its audit record is committed (src/audit/audit.ts), without spending its
// thread on it. Both connections write the same file, each inside the shared write slot (src/store/schrijfslot.ts).
// PostgreSQL and SQLite in memory keep writing on the gateway's own connection (src/audit/berichtenlog.ts).
import { Worker } from 'node:worker_threads';
import type { Knex } from 'knex';
import { log } from '../log.ts';
import { isPg } from '../store/db.ts';
import { Schrijfslot } from '../store/schrijfslot.ts';
import type { AuditRegel, BerichtenlogRegel } from './rijen.ts';

interface Wacht { resolve: () => void; reject: (e: Error) => void }

export class Logschrijver {
  /** false once the worker has stopped or failed: the callers write on the gateway's connection again */
  levend = true;
  private volgende = 1;
  private readonly wachten = new Map<number, Wacht>();
  /** What the current turn posts: one postMessage for all of it (each one costs a wake-up of the worker, ~20 µs) */
  private uit: unknown[] = [];
  private gepland = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: { t: 'klaar'; ids: number[]; fout?: string } | { t: 'melding'; niveau: 'warn' | 'error'; tekst: string; [k: string]: unknown }) => {
      if (m.t === 'melding') {
        const { niveau, tekst, t: _, ...rest } = m;
        log[niveau](tekst, rest);
        return;
      }
      for (const id of m.ids) {
        const w = this.wachten.get(id);
        this.wachten.delete(id);
        if (m.fout) w?.reject(new Error(m.fout));
        else w?.resolve();
      }
    });
    const einde = (e?: Error) => {
      if (!this.levend) return;
      this.levend = false;
      if (e) log.error('logschrijver gestopt: berichtenlog en audit weer op de eigen verbinding', { error: e.message });
      for (const w of this.wachten.values()) w.reject(new Error('de logschrijver is gestopt'));
      this.wachten.clear();
    };
    worker.on('error', einde);
    worker.on('exit', (code) => einde(code ? new Error(`exit ${code}`) : undefined));
  }

  /** Starts the worker for a file-backed SQLite store; undefined for PostgreSQL and :memory:. */
  static async start(db: Knex): Promise<Logschrijver | undefined> {
    const filename = (db.client.config.connection as { filename?: string } | undefined)?.filename;
    if (isPg(db) || !filename || filename === ':memory:') return undefined;
    const slot = Schrijfslot.van(filename);
    const worker = new Worker(new URL('./logschrijver.start.mjs', import.meta.url), { execArgv: [], workerData: { filename, slot: slot.buffer } });
    worker.unref();
    // from here on the gateway's connection takes the slot too (src/store/sqliteClient.ts); it is not inside a
    // transaction now (at start-up, after the migrations)
    return new Logschrijver(worker);
  }

  bericht(regel: BerichtenlogRegel): void {
    this.post({ t: 'log', regel });
  }

  /** Resolves when the record is committed; rejects when it could not be written. */
  audit(regel: AuditRegel): Promise<void> {
    return this.vraag({ t: 'audit', regel });
  }

  /** Resolves when every message-log row posted before is written (or kept for another try). */
  flush(): Promise<void> {
    return this.vraag({ t: 'flush' });
  }

  /** Writes what is pending and stops the worker. */
  async stop(): Promise<void> {
    if (!this.levend) return;
    const gestopt = new Promise<void>((r) => this.worker.once('exit', () => r()));
    await this.vraag({ t: 'stop' }).catch(() => undefined);
    await gestopt;
  }

  private vraag(m: { t: string; regel?: AuditRegel }): Promise<void> {
    if (!this.levend) return Promise.reject(new Error('de logschrijver is gestopt'));
    const id = this.volgende++;
    return new Promise<void>((resolve, reject) => {
      this.wachten.set(id, { resolve, reject });
      this.post({ ...m, id });
    });
  }

  private post(m: unknown): void {
    this.uit.push(m);
    if (this.gepland) return;
    this.gepland = true;
    setImmediate(() => {
      this.gepland = false;
      const uit = this.uit;
      this.uit = [];
      this.worker.postMessage(uit);
    });
  }
}
