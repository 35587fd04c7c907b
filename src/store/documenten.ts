// Documents (EDC) and their zaak links (ZAKEDC) in the relational store. Reads go through `lees`, so that a
// vraag reads committed data and a kennisgeving reads inside its transaction.
import type { Knex } from 'knex';
import type { DocumentInput } from '../domain/document.ts';
import { DOCUMENT_ATTRIBUTES } from '../domain/document.ts';
import { value, type XNode } from '../xml/tree.ts';
import { lees } from './lezen.ts';
import { decodeNodes, encodeNode, encodeNodes, xsdVolgorde } from './nodes.ts';
import type { ZaakRow } from './zaken.ts';
import { meld } from '../notify/gebeurtenissen.ts';

export interface DocumentRow {
  id: number;
  identificatie: string;
  attributen: string;
  inhoud_id: number | null;
  versie: number;
  checked_out_id: string | null;
}

const inVolgorde = xsdVolgorde(DOCUMENT_ATTRIBUTES);

export const encodeAttributen = (a: XNode[]): string => encodeNodes(inVolgorde(a));
export const decodeAttributen = decodeNodes;

const DOC_COLUMNS = 'd.id, d.identificatie, d.attributen, d.inhoud_id, d.versie, d.checked_out_id';

/** The document with this identificatie in this gemeente (gemeente isolation: another gemeente's does not exist). */
export async function findDocument(db: Knex, identificatie: string, gemeente: string): Promise<DocumentRow | undefined> {
  const [row] = await lees<DocumentRow>(db, `select ${DOC_COLUMNS} from document d where d.gemeente = ? and d.identificatie = ?`, [gemeente, identificatie]);
  return row;
}

export async function insertDocument(trx: Knex, d: DocumentInput, inhoudId: number | null, door: string, gemeente: string): Promise<number> {
  const v = (n: string) => value(d.attributes.find((a) => a.name === n)) ?? null;
  const [row] = await trx('document').insert({
    identificatie: d.identificatie!, gemeente, titel: v('titel')?.slice(0, 200) ?? null, dct_omschrijving: v('dct.omschrijving')?.slice(0, 80) ?? null,
    creatiedatum: v('creatiedatum')?.slice(0, 8) ?? null, attributen: encodeAttributen(d.attributes), inhoud_id: inhoudId,
    aangemaakt_door: door.slice(0, 200),
  }).returning('id');
  return Number((row as { id: number }).id ?? row);
}

export async function linkDocument(trx: Knex, zaakId: number, documentId: number, registratiedatum: string, node: XNode | undefined): Promise<void> {
  await trx('zaak_document').insert({ zaak_id: zaakId, document_id: documentId, registratiedatum, node: node ? encodeNode(node) : null })
    .onConflict(['zaak_id', 'document_id']).ignore();
  meld(trx, zaakId, 'documentAdded');
}

/** A ZAKEDC link seen from the zaak: the document row and what the relation carried. */
export interface ZaakDocumentRow extends DocumentRow {
  zaak_id: number;
  registratiedatum: string;
  relatie: string | null;
}

/** The documents of a page of zaken, in one query, ordered by document identificatie (ZDS12 §4.3.1). */
export async function documentenVan(db: Knex, zaakIds: number[]): Promise<ZaakDocumentRow[]> {
  if (!zaakIds.length) return [];
  return lees<ZaakDocumentRow>(db,
    `select zd.zaak_id, zd.registratiedatum, zd.node as relatie, ${DOC_COLUMNS} from zaak_document zd join document d on d.id = zd.document_id ` +
    `where zd.zaak_id in (${zaakIds.map(() => '?').join(', ')}) order by zd.zaak_id, d.identificatie`, zaakIds);
}

/** The zaken a document is relevant for, with the relation as sent. */
export async function zakenVan(db: Knex, documentId: number): Promise<{ zaak: ZaakRow; registratiedatum: string; relatie: string | null }[]> {
  const rows = await lees<ZaakRow & { registratiedatum_link: string; relatie: string | null }>(db,
    'select z.id, z.identificatie, z.zaaktype_code, z.omschrijving, z.startdatum, z.registratiedatum, z.einddatum, z.zaakniveau, z.attributen, z.versie, z.gemeente, ' +
    'zd.registratiedatum as registratiedatum_link, zd.node as relatie from zaak_document zd join zaak z on z.id = zd.zaak_id ' +
    'where zd.document_id = ? order by z.identificatie', [documentId]);
  return rows.map(({ registratiedatum_link, relatie, ...zaak }) => ({ zaak: zaak as ZaakRow, registratiedatum: registratiedatum_link, relatie }));
}

/** Locks the document for one editor (geefZaakdocumentbewerken); false when someone else holds it already. */
export async function checkout(trx: Knex, id: number, checkedOutId: string, door: string): Promise<boolean> {
  const n = await trx('document').where({ id }).whereNull('checked_out_id').update({ checked_out_id: checkedOutId, checked_out_by: door.slice(0, 200) });
  return n === 1;
}

export async function releaseCheckout(trx: Knex, id: number): Promise<void> {
  await trx('document').where({ id }).update({ checked_out_id: null, checked_out_by: null });
}

/** A new version of the metadata and/or content (updateZaakdocument); releases the checkout. */
export async function updateDocument(trx: Knex, row: DocumentRow, attributes: XNode[], inhoudId: number | null): Promise<void> {
  const v = (n: string) => value(attributes.find((a) => a.name === n)) ?? null;
  await trx('document').where({ id: row.id }).update({
    titel: v('titel')?.slice(0, 200) ?? null, dct_omschrijving: v('dct.omschrijving')?.slice(0, 80) ?? null, creatiedatum: v('creatiedatum')?.slice(0, 8) ?? null,
    attributen: encodeAttributen(attributes), inhoud_id: inhoudId, versie: row.versie + 1, checked_out_id: null, checked_out_by: null, gewijzigd_op: trx.fn.now(),
  });
}

export async function unlinkDocument(trx: Knex, zaakId: number, documentId: number): Promise<number> {
  return trx('zaak_document').where({ zaak_id: zaakId, document_id: documentId }).delete();
}
