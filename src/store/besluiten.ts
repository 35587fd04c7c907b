// Besluiten (BSL) in the relational store, with their zaak and documents.
import type { Knex } from 'knex';
import { BESLUIT_ATTRIBUTES } from '../domain/besluit.ts';
import { value, type XNode } from '../xml/tree.ts';
import { lees, voer } from './lezen.ts';
import { decodeNodes, encodeNodes, xsdVolgorde } from './nodes.ts';
import type { ZaakRow } from './zaken.ts';

export interface BesluitRow {
  id: number;
  identificatie: string;
  zaak_id: number | null;
  attributen: string;
  versie: number;
}

const inVolgorde = xsdVolgorde(BESLUIT_ATTRIBUTES);
export const encodeBesluit = (a: XNode[]): string => encodeNodes(inVolgorde(a));
export const decodeBesluit = decodeNodes;

/** The besluit with this identificatie in this gemeente (gemeente isolation). */
export async function findBesluit(db: Knex, identificatie: string, gemeente: string): Promise<BesluitRow | undefined> {
  const [row] = await lees<BesluitRow>(db, 'select id, identificatie, zaak_id, attributen, versie from besluit where gemeente = ? and identificatie = ?', [gemeente, identificatie]);
  return row;
}

export async function insertBesluit(trx: Knex, identificatie: string, zaakId: number, attributes: XNode[], door: string, gemeente: string): Promise<number> {
  const [{ id }] = await lees<{ id: number }>(trx,
    'insert into besluit (identificatie, zaak_id, datum_beslissing, attributen, aangemaakt_door, gemeente) values (?, ?, ?, ?, ?, ?) returning id',
    [identificatie, zaakId, value(attributes.find((a) => a.name === 'datumBeslissing'))?.slice(0, 8) ?? null, encodeBesluit(attributes), door.slice(0, 200), gemeente]);
  return Number(id);
}

/** New attribute content; `versie` guards against a concurrent writer. */
export async function updateBesluit(trx: Knex, row: BesluitRow, attributes: XNode[]): Promise<boolean> {
  return (await voer(trx, 'update besluit set attributen = ?, datum_beslissing = ?, versie = ? where id = ? and versie = ?',
    [encodeBesluit(attributes), value(attributes.find((a) => a.name === 'datumBeslissing'))?.slice(0, 8) ?? null, row.versie + 1, row.id, row.versie])) === 1;
}

export async function linkBesluitDocument(trx: Knex, besluitId: number, documentId: number): Promise<void> {
  await trx('besluit_document').insert({ besluit_id: besluitId, document_id: documentId }).onConflict(['besluit_id', 'document_id']).ignore();
}

/** The besluiten of a page of zaken (leidtTot), ordered by identificatie. */
export async function besluitenVan(db: Knex, zaakIds: number[]): Promise<BesluitRow[]> {
  if (!zaakIds.length) return [];
  return lees<BesluitRow>(db, `select id, identificatie, zaak_id, attributen, versie from besluit where zaak_id in (${zaakIds.map(() => '?').join(', ')}) order by zaak_id, identificatie`, zaakIds);
}

export async function zaakVanBesluit(db: Knex, zaakId: number | null): Promise<ZaakRow | undefined> {
  if (zaakId === null) return undefined;
  const [row] = await lees<ZaakRow>(db, 'select id, identificatie, zaaktype_code, omschrijving, startdatum, registratiedatum, einddatum, zaakniveau, attributen, versie, gemeente from zaak where id = ?', [zaakId]);
  return row;
}

export async function documentenVanBesluit(db: Knex, besluitId: number): Promise<{ identificatie: string; attributen: string }[]> {
  return lees(db, 'select d.identificatie, d.attributen from besluit_document bd join document d on d.id = bd.document_id where bd.besluit_id = ? order by d.identificatie', [besluitId]);
}
