// The outbox: kennisgevingen written in the transaction of the message that caused them (so a change and its
// kennisgevingen commit together, or neither does), and the queries of the delivery worker and the CLI.
// Order: per abonnee and zaak, entries are delivered in id order; an entry waits while an earlier one of the
// same abonnee and zaak is not delivered (also while that one is a dead letter: a W after a lost T is useless).
import type { Knex } from 'knex';
import type { Catalogue } from '../domain/catalogue.ts';
import { isPg } from '../store/db.ts';
import { lees, voer } from '../store/lezen.ts';
import { findZaakById } from '../store/zaken.ts';
import { decodeAttributen, documentenVan } from '../store/documenten.ts';
import { value } from '../xml/tree.ts';
import { newReferentienummer, type Systeem } from '../stuf/stuurgegevens.ts';
import { betreft, ontvangerVan, type Abonnement, type Bezorging } from './abonnementen.ts';
import type { Wijzigingen } from './gebeurtenissen.ts';
import { edcLk01, zaakStand, zakLk01, type ZaakStand } from './kennisgeving.ts';

export type Berichtsoort = 'zakLk01' | 'edcLk01';
export type Toestand = 'wachtend' | 'bezorgd' | 'dood';

export interface OutboxRow {
  id: number;
  abonnee: string;
  zaak_id: number | null;
  zaak_identificatie: string | null;
  berichtsoort: Berichtsoort;
  gebeurtenissen: string | null;
  referentienummer: string;
  bericht: string;
  inhoud_id: number | null;
  document_id: number | null;
  toestand: Toestand;
  pogingen: number;
  volgende_poging: number;
  laatste_fout: string | null;
  aangemaakt_op: string;
  bezorgd_op: string | null;
}

export interface OutboxContext {
  abonnementen: Abonnement[];
  catalogue: Catalogue;
  zaaksysteem: Systeem;
  gezinsplanZaaktypen: string[];
  /** dct.omschrijving of the documents that carry a deelplan's domain data */
  domainDataDocumenttypen: string[];
}

async function insert(trx: Knex, r: Pick<OutboxRow, 'abonnee' | 'zaak_id' | 'zaak_identificatie' | 'berichtsoort' | 'gebeurtenissen' | 'referentienummer' | 'bericht' | 'inhoud_id' | 'document_id'> & { stand: string | null }): Promise<void> {
  await voer(trx, 'insert into outbox (abonnee, zaak_id, zaak_identificatie, berichtsoort, gebeurtenissen, referentienummer, bericht, inhoud_id, document_id, stand, toestand, pogingen, volgende_poging) ' +
    "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'wachtend', 0, ?)",
  [r.abonnee, r.zaak_id, r.zaak_identificatie, r.berichtsoort, r.gebeurtenissen, r.referentienummer, r.bericht, r.inhoud_id, r.document_id, r.stand, Date.now()]);
}

/** The stand this abonnee last received of the zaak (undefined: it never heard of it). */
async function laatsteStand(trx: Knex, abonnee: string, zaakId: number): Promise<ZaakStand | undefined> {
  const [r] = await lees<{ stand: string }>(trx,
    "select stand from outbox where abonnee = ? and zaak_id = ? and berichtsoort = 'zakLk01' order by id desc limit 1", [abonnee, zaakId]);
  return r ? JSON.parse(r.stand) as ZaakStand : undefined;
}

/**
 * Writes the kennisgevingen of what this message changed (`w`) for every abonnee concerned; returns how many.
 * Runs inside the message's transaction, after the operation.
 */
export async function schrijfKennisgevingen(trx: Knex, w: Wijzigingen, o: OutboxContext): Promise<number> {
  let n = 0;
  for (const [zaakId, events] of w.zaken) {
    const zaak = await findZaakById(trx, zaakId);
    if (!zaak) continue; // removed by the same message
    let huidig: Awaited<ReturnType<typeof zaakStand>> | undefined;
    for (const a of o.abonnementen) {
      const gevraagd = w.extraAbonnees.has(a.name);
      // the zaaktype and event filters need no queries; onlyUnderGezinsplan needs the stand
      if (!gevraagd && !betreft(a, zaak, events, true)) continue;
      huidig ??= await zaakStand(trx, o.catalogue, zaak, o.gezinsplanZaaktypen);
      if (!gevraagd && !betreft(a, zaak, events, huidig.onderGezinsplan)) continue;
      const afzender = () => ({ zender: o.zaaksysteem, ontvanger: ontvangerVan(a), referentienummer: newReferentienummer() });
      const base = { abonnee: a.name, zaak_id: zaak.id, zaak_identificatie: zaak.identificatie, gebeurtenissen: [...events].join(',') };
      const vorige = await laatsteStand(trx, a.name, zaak.id);
      const first = afzender();
      const bericht = zakLk01(first, zaak.id, huidig.stand, vorige);
      if (bericht) {
        await insert(trx, { ...base, berichtsoort: 'zakLk01', referentienummer: first.referentienummer, bericht, inhoud_id: null, document_id: null, stand: JSON.stringify(huidig.stand) });
        n++;
      }
      if (!a.domainData || !o.domainDataDocumenttypen.length) continue;
      const sent = new Set((await lees<{ document_id: number }>(trx,
        "select document_id from outbox where abonnee = ? and zaak_id = ? and berichtsoort = 'edcLk01'", [a.name, zaak.id])).map((r) => Number(r.document_id)));
      for (const d of await documentenVan(trx, [zaak.id])) {
        if (sent.has(Number(d.id)) || !o.domainDataDocumenttypen.includes(dctOmschrijving(d.attributen) ?? '')) continue;
        const af = afzender();
        await insert(trx, { ...base, berichtsoort: 'edcLk01', referentienummer: af.referentienummer, bericht: await edcLk01(trx, af, d, zaak), inhoud_id: d.inhoud_id, document_id: d.id, stand: null });
        n++;
      }
    }
  }
  return n;
}

const dctOmschrijving = (attributen: string) => value(decodeAttributen(attributen).find((a) => a.name === 'dct.omschrijving'));

// ---- delivery ----

const DUE = "o.toestand = 'wachtend' and o.volgende_poging <= ? and not exists (select 1 from outbox p where p.abonnee = o.abonnee " +
  "and p.zaak_id = o.zaak_id and p.id < o.id and p.toestand <> 'bezorgd')";

/** Whose entries a claim takes: one abonnee's, or those of abonnees no longer configured. */
export type Wie = { abonnee: string } | { behalve: string[] };

/**
 * Claims up to `limit` due entries of `wie` (at most one per abonnee and zaak: the next one waits for it) for one
 * attempt: the attempt is counted and the entry leased until `leaseUntil`, so a process that dies mid-attempt leaves
 * it to another after the lease. On PostgreSQL several processes claim concurrently (FOR UPDATE SKIP LOCKED).
 */
export async function claim(db: Knex, now: number, leaseUntil: number, limit: number, wie: Wie): Promise<OutboxRow[]> {
  const [filter, params] = 'abonnee' in wie
    ? ['o.abonnee = ?', [wie.abonnee]]
    : [wie.behalve.length ? `o.abonnee not in (${wie.behalve.map(() => '?').join(', ')})` : '1 = 1', wie.behalve];
  const select = `select o.id from outbox o where ${DUE} and ${filter} order by o.id limit ?${isPg(db) ? ' for update skip locked' : ''}`;
  const r = await db.raw(`update outbox set pogingen = pogingen + 1, volgende_poging = ? where id in (${select}) returning *`, [leaseUntil, now, ...params, limit]);
  const rows = (Array.isArray(r) ? r : r.rows) as OutboxRow[];
  return rows.map(normalise).sort((a, b) => a.id - b.id);
}

const normalise = (r: OutboxRow): OutboxRow => ({ ...r, id: Number(r.id), pogingen: Number(r.pogingen), volgende_poging: Number(r.volgende_poging) });

export async function markBezorgd(db: Knex, id: number): Promise<void> {
  await db('outbox').where({ id }).update({ toestand: 'bezorgd', bezorgd_op: db.fn.now(), laatste_fout: null });
}

/** Backoff before attempt n+1: base * 2^(n-1), capped, half of it random (jitter spreads retries of many entries). */
export function wachttijd(pogingen: number, cfg: Pick<Bezorging, 'baseDelayMs' | 'maxDelayMs'>, random = Math.random): number {
  const d = Math.min(cfg.maxDelayMs, cfg.baseDelayMs * 2 ** Math.max(0, pogingen - 1));
  return Math.round(d / 2 + random() * (d / 2));
}

/** A failed attempt: retried after the backoff, or a dead letter after maxAttempts. */
export async function markMislukt(db: Knex, row: OutboxRow, fout: string, cfg: Bezorging): Promise<Toestand> {
  const dood = row.pogingen >= cfg.maxAttempts;
  await db('outbox').where({ id: row.id }).update({
    toestand: dood ? 'dood' : 'wachtend', laatste_fout: fout.slice(0, 2000), volgende_poging: Date.now() + (dood ? 0 : wachttijd(row.pogingen, cfg)),
  });
  return dood ? 'dood' : 'wachtend';
}

export interface OutboxFilter {
  toestand?: Toestand; abonnee?: string; zaak?: string;
  /** the entries of these zaken (the dashboard; outbox_zaak_index) */
  zaakIds?: number[];
  limit?: number;
}

/** The entries without their message, in id order (the query, so that its plan can be checked). */
export function lijstQuery(db: Knex, f: OutboxFilter = {}): Knex.QueryBuilder {
  const q = db('outbox').select('id', 'abonnee', 'zaak_id', 'zaak_identificatie', 'berichtsoort', 'gebeurtenissen', 'referentienummer', 'inhoud_id', 'document_id',
    'toestand', 'pogingen', 'volgende_poging', 'laatste_fout', 'aangemaakt_op', 'bezorgd_op').orderBy('id').limit(f.limit ?? 1000);
  if (f.toestand) q.where({ toestand: f.toestand });
  if (f.abonnee) q.where({ abonnee: f.abonnee });
  if (f.zaak) q.where({ zaak_identificatie: f.zaak });
  if (f.zaakIds) q.whereIn('zaak_id', f.zaakIds);
  return q;
}

export async function lijst(db: Knex, f: OutboxFilter = {}): Promise<Omit<OutboxRow, 'bericht'>[]> {
  return (await lijstQuery(db, f)).map((r: OutboxRow) => normalise(r));
}

/** Dead letters back in the queue with a fresh count of attempts (`ids` empty: all of them). */
export async function opnieuw(db: Knex, ids: number[]): Promise<number> {
  const q = db('outbox').where({ toestand: 'dood' });
  if (ids.length) q.whereIn('id', ids);
  return q.update({ toestand: 'wachtend', pogingen: 0, volgende_poging: Date.now() });
}

/** Entries not yet delivered, for health and metrics. */
export async function diepte(db: Knex): Promise<{ wachtend: number; dood: number }> {
  const rows = await lees<{ toestand: string; n: number | string }>(db,
    "select toestand, count(*) as n from outbox where toestand in ('wachtend', 'dood') group by toestand", []);
  const get = (t: string) => Number(rows.find((r) => r.toestand === t)?.n ?? 0);
  return { wachtend: get('wachtend'), dood: get('dood') };
}
