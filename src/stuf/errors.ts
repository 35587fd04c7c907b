// The protocol's own error document is our error type: a StufError carries the StUF0xx code, plek and
// a helpful omschrijving, and soap/fault.ts renders it as Fo02/Fo03 inside a SOAP Fault.

/** StUF foutcodes used by the gateway (StUF 03.01 Tabel 4.1 and §6). */
export const StufCode = {
  notWellFormed: 'StUF055', // body not conform schema (also used for not-well-formed XML)
  ontvangerUnknown: 'StUF010',
  zenderUnknown: 'StUF013',
  referentieNotUnique: 'StUF016',
  berichtcodeUnknown: 'StUF022',
  entiteittypeUnsupported: 'StUF031',
  combinationUnsupported: 'StUF040',
  cannotStore: 'StUF046',
  unavailable: 'StUF049',
  notAuthorised: 'StUF052',
  schema: 'StUF055',
  processing: 'StUF058',
  notFound: 'StUF064',
  duplicates: 'StUF067',
  sorteringUnsupported: 'StUF133',
} as const;

/** Omschrijvingen (≤200 chars) per code, StUF's own wording where it has one. */
const OMSCHRIJVING: Record<string, string> = {
  StUF010: 'Ontvangende organisatie/applicatie/administratie onbekend',
  StUF013: 'Zendende organisatie/applicatie/administratie onbekend',
  StUF016: 'Combinatie zender en referentienummer is niet uniek',
  StUF022: 'Berichtcode onbekend',
  StUF031: 'Entiteittype wordt niet ondersteund',
  StUF040: 'Combinatie berichtcode, entiteittype en functie wordt niet ondersteund',
  StUF046: 'Bericht kan niet worden opgeslagen',
  StUF049: 'Synchroon proces niet beschikbaar',
  StUF052: 'Zender is niet geautoriseerd',
  StUF055: 'Bericht is niet conform het schema',
  StUF058: 'Fout bij het verwerken van het bericht',
  StUF064: 'Object niet gevonden',
  StUF067: 'Meerdere objecten gevonden',
  StUF133: 'Sortering wordt niet ondersteund',
};

export type Plek = 'client' | 'server';

const CLIENT_CODES = new Set(['StUF010', 'StUF013', 'StUF016', 'StUF022', 'StUF052', 'StUF055']);

export class StufError extends Error {
  readonly code: string;
  readonly plek: Plek;
  readonly details?: string;
  constructor(code: string, details?: string, opts: { plek?: Plek; omschrijving?: string } = {}) {
    super(opts.omschrijving ?? OMSCHRIJVING[code] ?? 'Fout');
    this.code = code;
    this.plek = opts.plek ?? (CLIENT_CODES.has(code) ? 'client' : 'server');
    this.details = details?.slice(0, 1000);
  }
}

export const notFound = (what: string) => new StufError(StufCode.notFound, what);
export const processing = (why: string) => new StufError(StufCode.processing, why);
