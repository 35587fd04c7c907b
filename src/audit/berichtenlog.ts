// The message log: one row per message (who, what, outcome, duration; never content). Rows are written in
// batches off the message's path: a per-message insert with its own commit cost as much as a whole query.
import type { Knex } from 'knex';
import { log } from '../log.ts';

export interface BerichtenlogRegel {
  zender: string | null;
  referentienummer: string | null;
  dialect: string | null;
  operatie: string | null;
  uitkomst: string;
  foutcode: string | null;
  duur_ms: number;
}

export class Berichtenlog {
  private pending: BerichtenlogRegel[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly db: Knex, private readonly intervalMs = 200, private readonly maxBatch = 500) {}

  add(regel: BerichtenlogRegel): void {
    this.pending.push(regel);
    if (this.pending.length >= this.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.intervalMs).unref();
  }

  /** Writes what is pending; resolves when it is stored (tests and shutdown wait for it). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (!batch.length) return this.flushing;
    this.flushing = this.flushing.then(async () => {
      try {
        await this.db('berichtenlog').insert(batch);
      } catch (e) {
        log.warn('berichtenlog niet geschreven', { error: (e as Error).message, regels: batch.length });
      }
    });
    return this.flushing;
  }
}
