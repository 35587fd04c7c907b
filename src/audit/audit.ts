// The audit log: every answer that shows a BSN or a document is recorded before it is sent (who: zender, gebruiker,
// certificate subject; when; which operation; which zaken, documents and BSNs), append-only (the tables refuse UPDATE
// and DELETE, migration 007). If the record cannot be written, the answer is not given (StUF046): no unlogged access.
import type { Knex } from 'knex';
import { lees, voer } from '../store/lezen.ts';

export interface AuditRegel {
  zender: string | null;
  gebruiker: string | null;
  certificaat: string | null;
  operatie: string;
  referentienummer: string | null;
  zaken: string[];
  documenten: string[];
  bsns: string[];
}

const uniek = (it: Iterable<RegExpMatchArray>, i = 1) => [...new Set([...it].map((m) => m[i]))];

/** The zaken, documents and BSNs an answer shows; undefined when it shows no BSN and no document. */
export function getoond(answer: string): Pick<AuditRegel, 'zaken' | 'documenten' | 'bsns'> | undefined {
  const bsns = uniek(answer.matchAll(/<(?:\w+:)?inp\.bsn>\s*(\d{9})\s*</g));
  const documenten = uniek(answer.matchAll(/StUF:entiteittype="EDC"[^>]*>\s*<(?:\w+:)?identificatie>([^<]+)</g));
  if (!bsns.length && !documenten.length) return undefined;
  const zaken = uniek(answer.matchAll(/<(?:\w+:)?object StUF:entiteittype="ZAK"[^>]*>\s*<(?:\w+:)?identificatie>([^<]+)</g));
  return { zaken, documenten, bsns };
}

export async function schrijfAudit(trx: Knex, r: AuditRegel): Promise<void> {
  const [{ id }] = await lees<{ id: number }>(trx,
    'insert into audit (zender, gebruiker, certificaat, operatie, referentienummer, zaken, documenten) values (?, ?, ?, ?, ?, ?, ?) returning id',
    [r.zender?.slice(0, 400) ?? null, r.gebruiker?.slice(0, 100) ?? null, r.certificaat?.slice(0, 500) ?? null, r.operatie, r.referentienummer?.slice(0, 80) ?? null,
      r.zaken.join(',') || null, r.documenten.join(',') || null]);
  if (r.bsns.length) {
    await voer(trx, `insert into audit_bsn (audit_id, bsn) values ${r.bsns.map(() => '(?, ?)').join(', ')}`, r.bsns.flatMap((b) => [id, b]));
  }
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
