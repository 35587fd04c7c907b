// The audit log: every answer that shows a BSN or a document is recorded before it is sent (who: zender, gebruiker,
// certificate subject; when; which operation; which zaken, documents and BSNs), append-only (the tables refuse UPDATE
// and DELETE, migration 007). If the record cannot be written, the answer is not given (StUF046): no unlogged access.
import type { Knex } from 'knex';
import { lees, voer } from '../store/lezen.ts';
import { isPg } from '../store/db.ts';
import { AUDIT_INSERT, auditRij, bsnInsert, type AuditRegel } from './rijen.ts';

export type { AuditRegel } from './rijen.ts';

/**
 * The values that follow each start tag named by `anker` (matched by `na`, a sticky pattern, right after it). indexOf
 * finds the few places; a regex over the whole answer took ~20 µs of every geefZaakdetails.
 */
function waardenNa(answer: string, anker: string, tagStart: boolean, na: RegExp): string[] {
  const found = new Set<string>();
  for (let at = answer.indexOf(anker); at !== -1; at = answer.indexOf(anker, at + anker.length)) {
    if (tagStart) {
      // the anchor must be the name of a start tag: '<' right before it, or '<prefix:'
      let p = at - 1;
      if (answer[p] === ':') for (p--; p >= 0 && /\w/.test(answer[p]); p--);
      if (answer[p] !== '<') continue;
    }
    na.lastIndex = at + anker.length;
    const m = na.exec(answer);
    if (m) found.add(m[1]);
  }
  return [...found];
}

const NA_BSN = /\s*(\d{9})\s*</y;
const NA_OBJECT = /[^>]*>\s*<(?:\w+:)?identificatie>([^<]+)</y;

/** The zaken, documents and BSNs an answer shows; undefined when it shows no BSN and no document. */
export function getoond(answer: string): Pick<AuditRegel, 'zaken' | 'documenten' | 'bsns'> | undefined {
  const bsns = waardenNa(answer, 'inp.bsn>', true, NA_BSN);
  const documenten = waardenNa(answer, 'StUF:entiteittype="EDC"', false, NA_OBJECT);
  if (!bsns.length && !documenten.length) return undefined;
  const zaken = waardenNa(answer, 'object StUF:entiteittype="ZAK"', true, NA_OBJECT);
  return { zaken, documenten, bsns };
}

/**
 * Records one access. On PostgreSQL one statement (the audit row and its BSNs, atomic without a transaction of its
 * own: four round trips became one); on SQLite two statements in the caller's transaction (the group commit).
 */
export async function schrijfAudit(db: Knex, r: AuditRegel): Promise<void> {
  const rij = auditRij(r);
  if (isPg(db)) {
    await (r.bsns.length
      ? db.raw(`with a as (${AUDIT_INSERT} returning id) insert into audit_bsn (audit_id, bsn) select a.id, b from a, unnest(?::text[]) as b`, [...rij, r.bsns])
      : db.raw(AUDIT_INSERT, rij));
    return;
  }
  const [{ id }] = await lees<{ id: number }>(db, `${AUDIT_INSERT} returning id`, rij);
  if (r.bsns.length) await voer(db, bsnInsert(r.bsns.length), r.bsns.flatMap((b) => [id, b]));
}

export interface AuditFilter { bsn?: string; zender?: string; van?: string; tot?: string; limit?: number }

export interface AuditRij extends Omit<AuditRegel, 'zaken' | 'documenten' | 'bsns'> { id: number; tijdstip: string; zaken: string | null; documenten: string | null; bsns: string | null }

/**
 * The audit log by BSN, or by zender and period (`van` inclusive, `tot` exclusive). `zender` is the zender key
 * (organisatie/applicatie/administratie/gebruiker) or a part of it up to a `/`: `0999/WMO` lists `0999/WMO//` and
 * `0999/WMO//jan` but not `0999/WMO2//`; `dashboard/` lists every dashboard user.
 */
export async function zoekAudit(db: Knex, f: AuditFilter): Promise<AuditRij[]> {
  const q = db('audit as a').select('a.*').orderBy('a.id').limit(f.limit ?? 1000);
  if (f.bsn) q.whereIn('a.id', db('audit_bsn').select('audit_id').where({ bsn: f.bsn }));
  if (f.zender) {
    // a prefix only at a `/`, compared exactly (no LIKE: its wildcards and SQLite's case-insensitivity)
    const prefix = f.zender.endsWith('/') ? f.zender : `${f.zender}/`;
    q.where((w) => w.where('a.zender', f.zender!).orWhereRaw('substr(a.zender, 1, ?) = ?', [prefix.length, prefix]));
  }
  // as instants (a date alone is midnight UTC): on SQLite the column holds text, which a date-time with a `T` or a
  // zone would not compare with
  if (f.van) q.where('a.tijdstip', '>=', new Date(f.van));
  if (f.tot) q.where('a.tijdstip', '<', new Date(f.tot));
  const rows = (await q) as (AuditRij & { id: number | string })[];
  const ids = rows.map((r) => Number(r.id));
  const bsns = ids.length ? await db('audit_bsn').whereIn('audit_id', ids).select('audit_id', 'bsn') : [];
  return rows.map((r) => ({ ...r, id: Number(r.id), bsns: bsns.filter((b) => Number(b.audit_id) === Number(r.id)).map((b) => b.bsn).join(',') || null }));
}
