// Who may write to the SQLite file now: the gateway's own connection or the log writer's worker thread
// (src/audit/logschrijver.ts). SQLite has one writer; when two connections of one process race for it, the loser
// sleeps in SQLite's busy handler (1 ms and more, on the main thread a stalled event loop), and a deferred
// transaction that read first fails outright with SQLITE_BUSY_SNAPSHOT when the other committed in between. A slot
// in shared memory lets each side wait exactly as long as the other's transaction lasts, and never inside one.

/** How long a writer waits for the other one before it gives up (a worker transaction lasts well under a ms). */
const MAX_WACHT_MS = 10_000;

const perBestand = new Map<string, Schrijfslot>();

export class Schrijfslot {
  /** The slot of a database file: one per file in this process, whoever writes it. */
  static van(filename: string): Schrijfslot {
    let s = perBestand.get(filename);
    if (!s) perBestand.set(filename, (s = new Schrijfslot()));
    return s;
  }

  /** The slot of the file, if a log writer has made one (the gateway's own connection then takes it). */
  static bij(filename: string | undefined): Schrijfslot | undefined {
    return filename ? perBestand.get(filename) : undefined;
  }

  private readonly cel: Int32Array;

  /** A new slot, or the one another thread made (its `buffer`). */
  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.cel = new Int32Array(buffer);
  }

  /** Takes the slot; blocks the calling thread while the other side holds it. */
  neem(): void {
    const tot = Date.now() + MAX_WACHT_MS;
    while (Atomics.compareExchange(this.cel, 0, 0, 1) !== 0) {
      if (Date.now() > tot) throw Object.assign(new Error('de schrijver van de database is bezet'), { code: 'SQLITE_BUSY' });
      Atomics.wait(this.cel, 0, 1, 20);
    }
  }

  geef(): void {
    Atomics.store(this.cel, 0, 0);
    Atomics.notify(this.cel, 0, 1);
  }
}
