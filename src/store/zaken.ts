// The zaak aggregate in the relational store: zaak row + kenmerken, betrokkenen/zaakobjecten,
// zaak-zaak links and statussen. All functions take the message's transaction.
import type { Knex } from 'knex';
import { decodeContent, encodeContent, encodeNode, xsdVolgorde, type ZaakContent } from './nodes.ts';
import type { Betrokkene, ZaakInput } from '../domain/zaak.ts';
import { ZAAK_ATTRIBUTES } from '../domain/zaak.ts';
import { value, type XNode } from '../xml/tree.ts';
import { lees, voer } from './lezen.ts';
import { meld } from '../notify/gebeurtenissen.ts';

export type { ZaakContent };

export interface ZaakRow {
  id: number;
  identificatie: string;
  zaaktype_code: string | null;
  omschrijving: string | null;
  startdatum: string | null;
  registratiedatum: string | null;
  einddatum: string | null;
  zaakniveau: number | null;
  attributen: string;
  versie: number;
  /** the gemeente the zaak belongs to ('' without gemeente isolation) */
  gemeente: string;
}

export const content = (row: ZaakRow): ZaakContent => decodeContent(row.attributen);

export const sortAttributes = xsdVolgorde(ZAAK_ATTRIBUTES);

/** The indexed columns derived from the attribute elements. */
export function columns(attrs: XNode[]) {
  const v = (n: string) => value(attrs.find((a) => a.name === n));
  const niveau = v('zaakniveau');
  return {
    omschrijving: v('omschrijving') ?? null, startdatum: v('startdatum') ?? null, registratiedatum: v('registratiedatum') ?? null,
    einddatum: v('einddatum') ?? null, zaakniveau: niveau && /^\d+$/.test(niveau) ? Number(niveau) : null,
  };
}

const ZAAK_COLUMNS = 'id, identificatie, zaaktype_code, omschrijving, startdatum, registratiedatum, einddatum, zaakniveau, attributen, versie, gemeente';

/** The zaak with this identificatie in this gemeente: a zaak of another gemeente does not exist for the caller. */
export async function findZaak(trx: Knex, identificatie: string, gemeente: string): Promise<ZaakRow | undefined> {
  const [row] = await lees<ZaakRow>(trx, `select ${ZAAK_COLUMNS} from zaak where gemeente = ? and identificatie = ?`, [gemeente, identificatie]);
  return row;
}

/** `insert ... values (?, ...), (?, ...)` for `rows` rows of `columns` columns. */
const values = (rows: number, columns: number) => new Array(rows).fill(`(${new Array(columns).fill('?').join(', ')})`).join(', ');

export async function insertZaak(trx: Knex, z: ZaakInput, zaaktypeCode: string | null, door: string, gemeente: string): Promise<ZaakRow> {
  const attrs = sortAttributes(z.attributes);
  const c: ZaakContent = { a: attrs, isVan: z.zaaktype?.node };
  const row = { identificatie: z.identificatie!, zaaktype_code: zaaktypeCode, ...columns(attrs), attributen: encodeContent(c), versie: 1, gemeente };
  const [{ id }] = await lees<{ id: number }>(trx,
    `insert into zaak (identificatie, zaaktype_code, omschrijving, startdatum, registratiedatum, einddatum, zaakniveau, attributen, versie, aangemaakt_door, gemeente) values ${values(1, 11)} returning id`,
    [row.identificatie, row.zaaktype_code, row.omschrijving, row.startdatum, row.registratiedatum, row.einddatum, row.zaakniveau, row.attributen, 1, door.slice(0, 200), gemeente]);
  await writeKenmerken(trx, id, attrs, true);
  await insertBetrokkeneRows(trx, id, z.betrokkenen, 0);
  meld(trx, id, 'zaakCreated');
  return { id, ...row } as ZaakRow;
}

/** Saves new attribute content; `versie` guards against a concurrent writer (no lost update). */
export async function updateZaakContent(trx: Knex, row: ZaakRow, c: ZaakContent): Promise<boolean> {
  const attrs = sortAttributes(c.a);
  const attributen = encodeContent({ ...c, a: attrs });
  const n = await trx('zaak').where({ id: row.id, versie: row.versie })
    .update({ ...columns(attrs), attributen, versie: row.versie + 1, gewijzigd_op: trx.fn.now() });
  if (n === 1) await writeKenmerken(trx, row.id, attrs);
  if (n === 1 && attributen !== row.attributen) meld(trx, row.id, 'zaakUpdated');
  return n === 1;
}

async function writeKenmerken(trx: Knex, zaakId: number, attrs: XNode[], isNew = false): Promise<void> {
  if (!isNew) await trx('zaak_kenmerk').where({ zaak_id: zaakId }).delete();
  const rows = attrs.filter((a) => a.name === 'kenmerk').map((k, i) => ({
    zaak_id: zaakId, volgorde: i, kenmerk: value(k.children.find((c) => c.name === 'kenmerk')) ?? '', bron: value(k.children.find((c) => c.name === 'bron')) ?? null,
  })).filter((r) => r.kenmerk !== '');
  if (rows.length) {
    await voer(trx, `insert into zaak_kenmerk (zaak_id, volgorde, kenmerk, bron) values ${values(rows.length, 4)}`, rows.flatMap((r) => [r.zaak_id, r.volgorde, r.kenmerk, r.bron]));
  }
}

/** Adds betrokkenen to an existing zaak, after the ones it has. */
export async function insertBetrokkenen(trx: Knex, zaakId: number, list: Betrokkene[]): Promise<void> {
  await insertBetrokkeneRows(trx, zaakId, list);
  if (list.length) meld(trx, zaakId, 'zaakUpdated');
}

/** `from`: the first volgorde when the caller knows it (a new zaak). */
async function insertBetrokkeneRows(trx: Knex, zaakId: number, list: Betrokkene[], from?: number): Promise<void> {
  if (!list.length) return;
  let volgorde = from ?? Number((await trx('betrokkene').where({ zaak_id: zaakId }).max({ m: 'volgorde' }).first())?.m ?? -1) + 1;
  await voer(trx, `insert into betrokkene (zaak_id, rol, volgorde, soort, identificatie, bsn, node) values ${values(list.length, 7)}`,
    list.flatMap((b) => [zaakId, b.rol, volgorde++, b.soort?.slice(0, 8) ?? null, b.identificatie?.slice(0, 64) ?? null, b.bsn ?? null, encodeNode(b.node)]));
}

export interface BetrokkeneRow { id: number; zaak_id: number; rol: string; volgorde: number; soort: string | null; identificatie: string | null; bsn: string | null; node: string }

export async function betrokkenen(trx: Knex, zaakIds: number[]): Promise<BetrokkeneRow[]> {
  return trx('betrokkene').whereIn('zaak_id', zaakIds).orderBy(['zaak_id', 'volgorde']);
}

export type LinkSoort = 'DEL' | 'BTR';

/** A DEL link is a deelplan linked to its hoofdzaak (both change); a BTR link changes `zaakId`. */
function meldLink(trx: Knex, zaakId: number, andereId: number, soort: LinkSoort): void {
  if (soort === 'DEL') {
    meld(trx, zaakId, 'deelplanLinked');
    meld(trx, andereId, 'deelplanLinked');
  } else meld(trx, zaakId, 'zaakUpdated');
}

export async function linkZaken(trx: Knex, zaakId: number, andereId: number, soort: LinkSoort, node?: XNode): Promise<void> {
  await trx('zaak_zaak').insert({ zaak_id: zaakId, andere_zaak_id: andereId, soort, node: node ? encodeNode(node) : null })
    .onConflict(['zaak_id', 'andere_zaak_id', 'soort']).ignore();
  meldLink(trx, zaakId, andereId, soort);
}

export async function unlinkZaken(trx: Knex, zaakId: number, andereId: number, soort: LinkSoort): Promise<number> {
  const n = await trx('zaak_zaak').where({ zaak_id: zaakId, andere_zaak_id: andereId, soort }).delete();
  if (n) {
    meld(trx, zaakId, 'zaakUpdated');
    if (soort === 'DEL') meld(trx, andereId, 'zaakUpdated');
  }
  return n;
}

export interface StatusRow {
  id: number; zaak_id: number; zaaktype_code: string | null; volgnummer: number | null; omschrijving: string | null;
  datum_status_gezet: string; toelichting: string | null; node: string;
}

export async function statussen(trx: Knex, zaakIds: number[]): Promise<StatusRow[]> {
  return trx('status').whereIn('zaak_id', zaakIds).orderBy([{ column: 'zaak_id' }, { column: 'datum_status_gezet', order: 'desc' }, { column: 'id', order: 'desc' }]);
}

// --- Mutations of an existing zaak (updateZaak, actualiseerZaakstatus, zakLk01 W/V) ---

/** Replaces the relation element (and the indexed identifiers) of one stored betrokkene. */
export async function replaceBetrokkene(trx: Knex, zaakId: number, id: number, b: Betrokkene): Promise<void> {
  meld(trx, zaakId, 'zaakUpdated');
  await trx('betrokkene').where({ id, zaak_id: zaakId }).update({
    rol: b.rol, soort: b.soort?.slice(0, 8) ?? null, identificatie: b.identificatie?.slice(0, 64) ?? null, bsn: b.bsn ?? null, node: encodeNode(b.node),
  });
}

export async function deleteBetrokkene(trx: Knex, zaakId: number, id: number): Promise<void> {
  meld(trx, zaakId, 'zaakUpdated');
  await trx('betrokkene').where({ id, zaak_id: zaakId }).delete();
}

/** Replaces the relation element kept with a zaak-zaak link. */
export async function updateLinkNode(trx: Knex, zaakId: number, andereId: number, soort: LinkSoort, node: XNode): Promise<number> {
  const n = await trx('zaak_zaak').where({ zaak_id: zaakId, andere_zaak_id: andereId, soort }).update({ node: encodeNode(node) });
  if (n) meld(trx, zaakId, 'zaakUpdated');
  return n;
}

/** Deletes a zaak with everything that hangs off it (explicitly, not relying on ON DELETE CASCADE). */
export async function deleteZaak(trx: Knex, zaakId: number): Promise<void> {
  await trx('status').where({ zaak_id: zaakId }).delete();
  await trx('betrokkene').where({ zaak_id: zaakId }).delete();
  await trx('zaak_kenmerk').where({ zaak_id: zaakId }).delete();
  await trx('zaak_document').where({ zaak_id: zaakId }).delete();
  await trx('besluit').where({ zaak_id: zaakId }).delete();
  await trx('zaak_overdracht').where({ zaak_id: zaakId }).delete();
  await trx('zaak_zaak').where({ zaak_id: zaakId }).orWhere({ andere_zaak_id: zaakId }).delete();
  await trx('zaak').where({ id: zaakId }).delete();
}

export async function findZaakById(trx: Knex, id: number): Promise<ZaakRow | undefined> {
  const [row] = await lees<ZaakRow>(trx, `select ${ZAAK_COLUMNS} from zaak where id = ?`, [id]);
  return row;
}
