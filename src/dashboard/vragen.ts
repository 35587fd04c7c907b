// The SQL of the dashboard's pages, one statement per part, each served by an index and bounded by a LIMIT, so that a
// page costs the same on 1,000,000 zaken as on ten (test/zoeken.test.ts checks every plan on that many). The index
// that serves a statement is named above it.
import type { Knex } from 'knex';
import { lees, type Binding } from '../store/lezen.ts';

export interface Vraag { sql: string; bindings: Binding[] }

export const rijen = <T>(db: Knex, v: Vraag): Promise<T[]> => lees<T>(db, v.sql, v.bindings);

/** The most rows a part of a page shows; a part that has more says so. */
export const LIMIET = { zaken: 100, betrokkenen: 100, deelplannen: 100, statussen: 500, documenten: 200, kennisgevingen: 200, berichten: 200 } as const;

const marks = (n: number) => new Array(n).fill('?').join(', ');

const ZAAK = 'z.id, z.identificatie, z.zaaktype_code, z.omschrijving, z.startdatum, z.registratiedatum, z.einddatum, z.aangemaakt_door';

/** The current status of zaak z: status (zaak_id, datum_status_gezet), one row. */
const HUIDIGE_STATUS = '(select s.omschrijving from status s where s.zaak_id = z.id order by s.datum_status_gezet desc, s.id desc limit 1) as status';

export interface ZaakKop {
  id: number; identificatie: string; zaaktype_code: string | null; omschrijving: string | null; startdatum: string | null;
  registratiedatum: string | null; einddatum: string | null; aangemaakt_door: string | null;
}

/**
 * The zaken of a person, one row per role, gezinsplannen first, then open before closed, newest first:
 * betrokkene (bsn, rol) index, then zaak by primary key. Sorting touches only this person's rows.
 */
export function zakenVanBsn(bsn: string, gemeente: string, gezinsplanZaaktypen: string[], limiet: number): Vraag {
  const gezinsplan = gezinsplanZaaktypen.length ? `case when z.zaaktype_code in (${marks(gezinsplanZaaktypen.length)}) then 0 else 1 end` : '1';
  return {
    sql: `select ${ZAAK}, ${HUIDIGE_STATUS}, b.rol from betrokkene b join zaak z on z.id = b.zaak_id where b.bsn = ? and z.gemeente = ? ` +
      `order by ${gezinsplan}, case when z.einddatum is null then 0 else 1 end, z.startdatum desc, z.id desc, b.volgorde limit ?`,
    bindings: [bsn, gemeente, ...gezinsplanZaaktypen, limiet],
  };
}

/** One zaak: zaak (gemeente, identificatie) unique index. */
export function zaakMetIdentificatie(identificatie: string, gemeente: string): Vraag {
  return { sql: `select ${ZAAK}, z.attributen from zaak z where z.gemeente = ? and z.identificatie = ?`, bindings: [gemeente, identificatie] };
}

/** The deelplannen of a zaak with their current status: zaak_zaak (zaak_id, soort), zaak by primary key. */
export function deelplannenVan(zaakId: number, limiet: number): Vraag {
  return {
    sql: `select ${ZAAK}, ${HUIDIGE_STATUS} from zaak_zaak zz join zaak z on z.id = zz.andere_zaak_id where zz.zaak_id = ? and zz.soort = 'DEL' order by z.identificatie limit ?`,
    bindings: [zaakId, limiet],
  };
}

/** The gezinsplan (hoofdzaak) of a deelplan: zaak_zaak (andere_zaak_id, soort), zaak by primary key. */
export function hoofdzaakVan(zaakId: number): Vraag {
  return {
    sql: `select ${ZAAK} from zaak_zaak zz join zaak z on z.id = zz.zaak_id where zz.andere_zaak_id = ? and zz.soort = 'DEL' order by z.id limit 1`,
    bindings: [zaakId],
  };
}

/** Initiator, zaakobjecten and other betrokkenen of a zaak: betrokkene (zaak_id, rol). */
export function betrokkenenVan(zaakId: number, limiet: number): Vraag {
  return { sql: 'select rol, volgorde, soort, identificatie, bsn, node from betrokkene where zaak_id = ? order by volgorde limit ?', bindings: [zaakId, limiet] };
}

/** The status history of zaken, oldest first: status (zaak_id, datum_status_gezet). */
export function statussenVan(zaakIds: number[], limiet: number): Vraag {
  return {
    sql: `select zaak_id, volgnummer, omschrijving, datum_status_gezet, toelichting, node from status where zaak_id in (${marks(zaakIds.length)}) ` +
      'order by zaak_id, datum_status_gezet, id limit ?',
    bindings: [...zaakIds, limiet],
  };
}

/** The documents of zaken with their stored content's metadata: zaak_document (zaak_id, document_id), document and document_inhoud by primary key. */
export function documentenVan(zaakIds: number[], limiet: number): Vraag {
  return {
    sql: 'select zd.zaak_id, d.identificatie, d.titel, d.dct_omschrijving, d.creatiedatum, d.versie, i.grootte, i.content_type, i.bestandsnaam ' +
      'from zaak_document zd join document d on d.id = zd.document_id left join document_inhoud i on i.id = d.inhoud_id ' +
      `where zd.zaak_id in (${marks(zaakIds.length)}) order by zd.zaak_id, d.identificatie limit ?`,
    bindings: [...zaakIds, limiet],
  };
}

/** The message log of a zaak, newest first, metadata and the lengths of the masked texts only: berichtenlog (gemeente, zaak, id). */
export function berichtenVan(zaak: string, gemeente: string, limiet: number): Vraag {
  return {
    sql: 'select id, ontvangen_op, zender, dialect, operatie, uitkomst, foutcode, duur_ms, referentienummer, certificaat, ' +
      'length(verzoek) as verzoek_lengte, length(antwoord) as antwoord_lengte from berichtenlog where gemeente = ? and zaak = ? order by id desc limit ?',
    bindings: [gemeente, zaak, limiet],
  };
}

/** One document with its stored content's metadata: document (gemeente, identificatie) unique index, document_inhoud by primary key. */
export function documentMetIdentificatie(identificatie: string, gemeente: string): Vraag {
  return {
    sql: 'select d.id, d.identificatie, d.inhoud_id, i.grootte, i.content_type, i.bestandsnaam from document d ' +
      'left join document_inhoud i on i.id = d.inhoud_id where d.gemeente = ? and d.identificatie = ?',
    bindings: [gemeente, identificatie],
  };
}

/** The zaken a document is relevant for: zaak_document (document_id), zaak by primary key. */
export function zakenVanDocument(documentId: number, limiet: number): Vraag {
  return {
    sql: 'select z.identificatie from zaak_document zd join zaak z on z.id = zd.zaak_id where zd.document_id = ? order by z.identificatie limit ?',
    bindings: [documentId, limiet],
  };
}

/** The names of zaaktypen: zaaktype by primary key. */
export function zaaktypenVan(codes: string[]): Vraag {
  return { sql: `select code, omschrijving from zaaktype where code in (${marks(codes.length)})`, bindings: codes };
}
