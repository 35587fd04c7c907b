// Bulk seeding straight into the store, without messages: N zaken in one INSERT ... SELECT per table over a generated
// series (generate_series on PostgreSQL, a recursive CTE on SQLite), every zaak a copy of a template zaak's rows with
// its own identificatie and, per betrokkene, its own BSN. With the foreign key triggers off on PostgreSQL (they would
// check millions of rows one by one) and in one transaction, 1,000,000 zaken take about a minute. Used by the
// benchmark (the random-read and mutation sets, the growth run) and by test/zoeken.test.ts.
import { isPg, type Db } from '../src/store/db.ts';

type Row = Record<string, unknown>;
/** the database or a transaction on it */
type Knex = Db;

/** SQL that selects i = from..to as column `i`. */
export function series(db: Knex, from: number, to: number): string {
  return isPg(db) ? `select g as i from generate_series(${from}, ${to}) g`
    : `with recursive s(i) as (select ${from} union all select i + 1 from s where i < ${to}) select i from s`;
}

/** An SQL expression as text. */
export const asText = (db: Knex, e: string) => (isPg(db) ? `(${e})::text` : `cast(${e} as text)`);

/**
 * Runs `fn` in one transaction; on PostgreSQL with the foreign key triggers off (session_replication_role replica:
 * the rows are known to fit, and checking millions of them one by one is most of the time).
 */
export async function bulk<T>(db: Db, fn: (trx: Knex) => Promise<T>): Promise<T> {
  return db.transaction(async (trx) => {
    if (isPg(db)) await trx.raw('set local session_replication_role = replica');
    return fn(trx);
  });
}

/** A person's BSN as an SQL expression of the zaak number i, with the same value in JavaScript. */
export interface BsnRule { sql(i: string): string; js(i: number): string }

/** Every zaak its own person: base + i. */
export const uniqueBsn = (base: number): BsnRule => ({ sql: (i) => `${base} + ${i}`, js: (i) => String(base + i) });

/**
 * A realistic spread of persons over zaken, independent of how many zaken there are: 70 % of the zaken have a
 * person of their own, 28 % share one with the next zaak (in two zaken), and 2 % belong to persons with about 50
 * zaken each (two in every 100 zaken, 25 hundreds in a row). Integer division, the same in SQL and JavaScript.
 */
export const spreadBsn: BsnRule = {
  sql: (i) => `case when ${i} % 100 < 2 then 500000000 + ${i} / 2500 when ${i} % 100 < 30 then 300000000 + ${i} / 2 else 100000000 + ${i} end`,
  js: (i) => String(i % 100 < 2 ? 500000000 + Math.floor(i / 2500) : i % 100 < 30 ? 300000000 + Math.floor(i / 2) : 100000000 + i),
};

/** What every seeded zaak copies: column values of its rows (no ids, no zaak_id). */
export interface ZaakTemplate {
  /** the template's identificatie where it occurs in its texts (attributen, kenmerken): replaced by the new one */
  identificatie?: string;
  zaak: Row;
  kenmerken?: Row[];
  /** a betrokkene with a `bsn` rule gets that BSN (column bsn and identificatie, and in its node for the template's BSN) */
  betrokkenen?: { row: Row; bsn?: BsnRule }[];
  statussen?: Row[];
}

/** The stored rows of zaak `identificatie` as a template (the benchmark seeds one through the gateway first). */
export async function templateOf(db: Db, identificatie: string): Promise<ZaakTemplate> {
  const z = await db('zaak').where({ identificatie }).first() as Row | undefined;
  if (!z) throw new Error(`template zaak ${identificatie} not found`);
  const strip = (r: Row) => Object.fromEntries(Object.entries(r).filter(([k]) => !['id', 'zaak_id', 'identificatie', 'aangemaakt_op', 'gewijzigd_op'].includes(k)));
  return {
    identificatie,
    zaak: strip(z),
    kenmerken: (await db('zaak_kenmerk').where({ zaak_id: z.id }).orderBy('id')).map(strip),
    betrokkenen: (await db('betrokkene').where({ zaak_id: z.id }).orderBy('id')).map((r: Row) => ({ row: { ...strip(r), identificatie: r.identificatie } })),
    statussen: (await db('status').where({ zaak_id: z.id }).orderBy('id')).map(strip),
  };
}

/**
 * Seeds zaken `prefix || i` for i = from..to (inclusive), each a copy of `t`, with ids following the highest one
 * stored. Returns the number of zaken written. Analyses the tables afterwards.
 */
export async function seedZaken(db: Db, t: ZaakTemplate, plan: { prefix: string; from: number; to: number }): Promise<number> {
  const n = plan.to - plan.from + 1;
  if (n <= 0) return 0;
  await bulk(db, async (trx) => {
    const base = Number((await trx('zaak').max({ m: 'id' }).first())?.m ?? 0);
    const offset = base - plan.from + 1; // zaak i gets id offset + i
    /** the new identificatie, and every text of the template with the template's identificatie replaced by it */
    const values = (r: Row, i: string): Cols => {
      const ident: Expr = [`? || ${asText(trx, i)}`, [plan.prefix]];
      const out: Cols = {};
      for (const [k, v] of Object.entries(r)) {
        if (v === null || v === undefined) continue;
        if (typeof v === 'string' && t.identificatie && v.includes(t.identificatie)) out[k] = [`replace(?, ?, ${ident[0]})`, [v, t.identificatie, ...ident[1]]];
        else if (typeof v === 'string') out[k] = ['?', [v]];
        else if (typeof v === 'number' && Number.isFinite(v)) out[k] = [String(v), []]; // inline: PostgreSQL types a bare parameter as text
        else if (typeof v === 'boolean') out[k] = [isPg(db) ? String(v) : String(Number(v)), []];
        else throw new Error(`seedZaken: column ${k} has a value of type ${typeof v}`);
      }
      return out;
    };
    const ident: Expr = [`? || ${asText(trx, 'i')}`, [plan.prefix]];
    await insert(trx, 'zaak', { ...values(t.zaak, 'i'), id: [`${offset} + i`, []], identificatie: ident }, `(${series(trx, plan.from, plan.to)}) s`);
    // the child rows, for the zaken just written: i from the zaak's id
    const zaken = `zaak z where z.id > ${base} and z.id <= ${base + n}`;
    const zi = `(z.id - ${offset})`;
    const child = (r: Row): Cols => ({ ...values(r, zi), zaak_id: ['z.id', []] });
    for (const r of t.kenmerken ?? []) await insert(trx, 'zaak_kenmerk', child(r), zaken);
    for (const { row, bsn } of t.betrokkenen ?? []) {
      const cols = child(row);
      if (bsn) {
        const b = asText(trx, bsn.sql(zi));
        cols.bsn = [b, []];
        cols.identificatie = [b, []];
        if (typeof row.bsn === 'string' && typeof row.node === 'string') cols.node = [`replace(?, ?, ${b})`, [row.node, row.bsn]];
      }
      await insert(trx, 'betrokkene', cols, zaken);
    }
    for (const r of t.statussen ?? []) await insert(trx, 'status', child(r), zaken);
    if (isPg(db)) await trx.raw("select setval(pg_get_serial_sequence('zaak', 'id'), (select max(id) from zaak))");
  });
  await db.raw(`analyze ${isPg(db) ? 'zaak, zaak_kenmerk, betrokkene, status' : ''}`.trim());
  return n;
}

type Expr = [sql: string, bindings: unknown[]];
type Cols = Record<string, Expr>;

async function insert(trx: Knex, table: string, cols: Cols, from: string): Promise<void> {
  const names = Object.keys(cols);
  await trx.raw(`insert into ${table} (${names.join(', ')}) select ${names.map((k) => cols[k][0]).join(', ')} from ${from}`,
    names.flatMap((k) => cols[k][1]) as never[]);
}
