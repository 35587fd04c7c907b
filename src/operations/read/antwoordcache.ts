// Answers of vragen, kept while the store has not changed. A vraag's answer is a function of its message (apart from
// the stuurgegevens, which the Reply writes anew for every message), the zender's gemeente and the stored data. On
// SQLite every change of domain data raises the store's generation (migration 011); an answer computed at generation
// g is served again while the generation is g. The generation is read before the data, so an answer is never older
// than the generation it is kept under (a commit in between makes it newer, and only costs a miss). PostgreSQL has no
// generation: nothing is cached there.
import type { Knex } from 'knex';
import { isPg } from '../../store/db.ts';
import { dataVersie, lees } from '../../store/lezen.ts';
import type { XNode } from '../../xml/tree.ts';

interface Entry<T> { generatie: number; waarde: T; grootte: number }

export class Antwoordcache {
  private readonly entries = new Map<string, Entry<unknown>>();
  private grootte = 0;

  /** `maxTekens`: the characters all kept answers may hold together (0: no cache); `telling` counts hits and misses. */
  constructor(private readonly maxTekens: number, private readonly telling: (treffer: boolean) => void = () => {}) {}

  /**
   * The value for the key `sleutelVan()` makes, at the store's current generation: kept, or computed by `bereken` and
   * kept. `grootte` tells how many characters a value holds. Without a cache (PostgreSQL, answerCacheMb 0) no key is
   * made: it costs a walk over the message.
   */
  async waarde<T>(db: Knex, sleutelVan: () => string, bereken: () => Promise<T>, grootte: (v: T) => number): Promise<T> {
    const generatie = this.maxTekens > 0 ? await generatieVan(db) : undefined;
    if (generatie === undefined) return bereken();
    const sleutel = sleutelVan();
    const e = this.entries.get(sleutel);
    this.telling(!!e && e.generatie === generatie);
    if (e && e.generatie === generatie) {
      // most recently used last: Map keeps insertion order, the oldest go first
      this.entries.delete(sleutel);
      this.entries.set(sleutel, e);
      return e.waarde as T;
    }
    const waarde = await bereken();
    this.zet(sleutel, { generatie, waarde, grootte: grootte(waarde) + sleutel.length });
    return waarde;
  }

  private zet(sleutel: string, e: Entry<unknown>): void {
    const oud = this.entries.get(sleutel);
    if (oud) {
      this.grootte -= oud.grootte;
      this.entries.delete(sleutel);
    }
    if (e.grootte > this.maxTekens / 4) return; // one huge answer may not push out everything else
    this.entries.set(sleutel, e);
    this.grootte += e.grootte;
    for (const [k, v] of this.entries) {
      if (this.grootte <= this.maxTekens) break;
      this.entries.delete(k);
      this.grootte -= v.grootte;
    }
  }
}

/** The generation last read, and the read connection's data_version then (src/store/lezen.ts). */
const bekend = new WeakMap<Knex, { versie: number; generatie: number }>();

/**
 * The store's generation (migration 011); undefined on PostgreSQL and inside a transaction (nothing to cache). Read
 * again only when something was committed since: after any commit the read connection's pages are stale, and reading
 * the row cost 20-30 µs, while the log writer commits only every few messages (data_version costs a few µs). The
 * version is read first: a commit between the two reads only makes the next message read the row again.
 */
async function generatieVan(db: Knex): Promise<number | undefined> {
  if (isPg(db) || db.isTransaction) return undefined;
  const versie = dataVersie(db);
  const b = bekend.get(db);
  if (versie !== undefined && b?.versie === versie) return b.generatie;
  const [r] = await lees<{ n: number }>(db, 'select n from cache_generatie', []);
  if (versie !== undefined && r) bekend.set(db, { versie, generatie: r.n });
  return r?.n;
}

/**
 * A message as a cache key: every element, attribute and text except the stuurgegevens. Values are written with their
 * length before them, so no value can pass for structure.
 */
export function berichtSleutel(message: XNode): string {
  let s = `${message.ns.length}:${message.ns}:${message.name}`;
  const schrijf = (n: XNode) => {
    s += `<${n.ns.length}:${n.ns}:${n.name}`;
    for (const k in n.attrs) s += ` ${k}=${n.attrs[k].length}:${n.attrs[k]}`;
    if (n.children.length) {
      s += '>';
      for (const c of n.children) schrijf(c);
      s += '/';
    } else s += `|${n.text.length}:${n.text}`;
  };
  for (const c of message.children) if (c.name !== 'stuurgegevens') schrijf(c);
  return s;
}
