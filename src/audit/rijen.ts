// The rows of the message log and of the audit log as they are written, by the gateway's own connection (PostgreSQL,
// SQLite in memory) and by the log writer's worker thread (src/audit/logschrijver.ts) alike.
import { verhuld } from './verhullen.ts';

export interface BerichtenlogRegel {
  zender: string | null;
  referentienummer: string | null;
  dialect: string | null;
  operatie: string | null;
  uitkomst: string;
  foutcode: string | null;
  duur_ms: number;
  certificaat?: string | null;
  /** the gemeente the message was processed for ('' without isolation, or before it was known) */
  gemeente?: string;
  /** the zaak the message is about (zaakVanBericht), for the message log of a zaak */
  zaak?: string | null;
  /** the request and the answer as received and sent; masked when written */
  verzoek?: string | null;
  antwoord?: string | null;
}

export const KOLOMMEN = ['zender', 'referentienummer', 'dialect', 'operatie', 'uitkomst', 'foutcode', 'duur_ms', 'certificaat', 'gemeente', 'zaak', 'verzoek', 'antwoord'] as const;
export const BERICHTENLOG_INSERT = `insert into berichtenlog (${KOLOMMEN.join(', ')}) values (${KOLOMMEN.map(() => '?').join(', ')})`;

/** A message-log row as written: the values of KOLOMMEN, request and answer masked. */
export const rijVan = (r: BerichtenlogRegel) => [
  r.zender, r.referentienummer, r.dialect, r.operatie, r.uitkomst, r.foutcode, r.duur_ms, r.certificaat?.slice(0, 500) ?? null,
  r.gemeente ?? '', r.zaak ?? null, r.verzoek ? verhuld(r.verzoek) : null, r.antwoord ? verhuld(r.antwoord) : null,
];

/** The characters of request and answer a row holds (what the batch limits count). */
export const tekensVan = (r: BerichtenlogRegel) => (r.verzoek?.length ?? 0) + (r.antwoord?.length ?? 0);

/** A batch is written at this many rows or characters of request and answer, or after `intervalMs`. */
export const MAX_RIJEN = 64;
export const MAX_TEKENS = 512 * 1024;
/** Rows kept for another try after a failed write, and when they are tried again. */
export const MAX_WACHTEND = 10_000;
export const OPNIEUW_MS = 1000;

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

export const AUDIT_INSERT = 'insert into audit (zender, gebruiker, certificaat, operatie, referentienummer, zaken, documenten) values (?, ?, ?, ?, ?, ?, ?)';

/** The values of AUDIT_INSERT for a record. */
export const auditRij = (r: AuditRegel) => [r.zender?.slice(0, 400) ?? null, r.gebruiker?.slice(0, 100) ?? null, r.certificaat?.slice(0, 500) ?? null,
  r.operatie, r.referentienummer?.slice(0, 80) ?? null, r.zaken.join(',') || null, r.documenten.join(',') || null];

/** The insert of a record's `n` BSNs (audit_id, bsn pairs). */
export const bsnInsert = (n: number) => `insert into audit_bsn (audit_id, bsn) values ${Array.from({ length: n }, () => '(?, ?)').join(', ')}`;
