// The message log: one row per message (who, what, outcome, duration, certificate) with its request and answer as
// src/audit/verhullen.ts leaves them (no document content, no BSNs). Rows are written in batches off the message's
// path: a per-message insert with its own commit cost as much as a whole query. Rows older than the retention go.
import type { Knex } from 'knex';
import { log } from '../log.ts';
import { textAt, type XNode } from '../xml/tree.ts';
import { BERICHTENLOG_INSERT, KOLOMMEN, MAX_RIJEN, MAX_TEKENS, MAX_WACHTEND, OPNIEUW_MS, rijVan, tekensVan, type BerichtenlogRegel } from './rijen.ts';
import { isPg } from '../store/db.ts';
import { voer } from '../store/lezen.ts';
import type { Transacties } from '../store/transacties.ts';
import type { Logschrijver } from './logschrijver.ts';

export type { BerichtenlogRegel } from './rijen.ts';

/**
 * The zaak a message is about: the identificatie of its first ZAK object or selection, or the zaak its EDC object is
 * relevant for. One zaak per message keeps the log one row per message and its view per zaak one index range.
 */
export function zaakVanBericht(message: XNode): string | undefined {
  for (const c of message.children) {
    if (c.name !== 'object' && c.name !== 'gelijk') continue;
    const soort = c.attrs['StUF:entiteittype'];
    const zaak = soort === 'EDC' ? textAt(c, 'isRelevantVoor', 'gerelateerde', 'identificatie') : soort === 'ZAK' ? textAt(c, 'identificatie') : undefined;
    if (zaak) return zaak.slice(0, 40);
  }
  return undefined;
}

export class Berichtenlog {
  private pending: BerichtenlogRegel[] = [];
  private tekens = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  /**
   * `schrijf` is the gateway's writer (src/store/transacties.ts): on SQLite a batch joins its group commit and is one
   * prepared insert per row on the writer's connection; on PostgreSQL one multi-row insert in its own transaction.
   * Batches are small (MAX_RIJEN, MAX_TEKENS) and the event loop gets a turn between them: masking and writing a
   * batch holds the one JS thread, and 500 rows at once held it for 20 ms and more (the gateway's p99).
   * With a live `schrijver` (an SQLite file: src/audit/logschrijver.ts) the rows go to its worker thread instead.
   */
  constructor(private readonly db: Knex, private readonly schrijf: Transacties, private readonly schrijver?: Logschrijver,
    private readonly intervalMs = 50) {}

  add(regel: BerichtenlogRegel): void {
    if (this.schrijver?.levend) return this.schrijver.bericht(regel);
    this.pending.push(regel);
    this.tekens += tekensVan(regel);
    if (this.pending.length >= MAX_RIJEN || this.tekens >= MAX_TEKENS) void this.flushBatch();
    else this.timer ??= setTimeout(() => void this.flushBatch(), this.intervalMs).unref();
  }

  /** Writes what is pending; resolves when it is stored (tests and shutdown wait for it). */
  flush(): Promise<void> {
    if (this.schrijver?.levend) return this.schrijver.flush().then(() => this.flushBatch());
    return this.flushBatch();
  }

  private flushBatch(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    this.tekens = 0;
    if (!batch.length) return this.flushing;
    this.flushing = this.flushing.then(() => this.schrijfBatch(batch));
    return this.flushing;
  }

  private async schrijfBatch(batch: BerichtenlogRegel[]): Promise<void> {
    await new Promise((r) => setImmediate(r));
    const rijen = batch.map(rijVan);
    try {
      if (isPg(this.db)) await this.db('berichtenlog').insert(rijen.map((r) => Object.fromEntries(KOLOMMEN.map((k, i) => [k, r[i]]))));
      else await this.schrijf(async (trx) => { for (const r of rijen) await voer(trx, BERICHTENLOG_INSERT, r); });
    } catch (e) {
      // Kept for the next batch (another process holding SQLite's write lock, PostgreSQL away for a moment), up to a
      // bound: the message log must not take the gateway's memory when the database stays away.
      const terug = this.pending.length < MAX_WACHTEND;
      log.warn('berichtenlog niet geschreven', { error: (e as Error).message, regels: batch.length, opnieuw: terug });
      if (terug) {
        this.pending.unshift(...batch);
        for (const r of batch) this.tekens += tekensVan(r);
        this.timer ??= setTimeout(() => void this.flushBatch(), OPNIEUW_MS).unref();
      }
    }
  }

  /** Deletes the rows older than `dagen` days, and the idempotency log's too (a retransmission after that is a new message). */
  async opruimen(dagen: number): Promise<number> {
    const grens = new Date(Date.now() - dagen * 24 * 3600 * 1000);
    const n = await this.db('berichtenlog').where('ontvangen_op', '<', grens).delete();
    await this.db('verwerkt_bericht').where('verwerkt_op', '<', grens).delete();
    return n;
  }
}
