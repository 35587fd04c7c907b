// The zaak search: one SQL query for a page of zaken (criteria, sortering, keyset paging), then one query
// per relation table for the whole page. No per-zaak round trips.
import type { Knex } from 'knex';
import { StufError } from '../stuf/errors.ts';
import type { BetrokkeneCriterium, Bereik, ZaakSelectie } from '../stuf/selectie.ts';
import type { BetrokkeneRow, StatusRow, ZaakRow } from './zaken.ts';
import { lees, type Binding } from './lezen.ts';

/** The ZAK sorteringen we support (XSD ZAK-sortering): 0 any, 1 identificatie, 4 omschrijving, 5 startdatum desc + omschrijving. */
export const SORTERINGEN = new Set([0, 1, 4, 5]);

export interface ZoekOpties {
  /** only zaken of this gemeente exist for the caller (gemeente isolation; '' without) */
  gemeente: string;
  sortering: number;
  maximumAantal: number;
  /** vervolgvraag: continue after this zaak (start/object/identificatie) */
  naIdentificatie?: string;
}

export interface ZoekResultaat {
  zaken: ZaakRow[];
  /** more zaken match than were returned */
  meer: boolean;
}

const ZAAK_COLUMNS = 'zaak.id, zaak.identificatie, zaak.zaaktype_code, zaak.omschrijving, zaak.startdatum, zaak.registratiedatum, ' +
  'zaak.einddatum, zaak.zaakniveau, zaak.attributen, zaak.versie, zaak.gemeente';

const marks = (n: number) => new Array(n).fill('?').join(', ');

interface Where { sql: string[]; bindings: Binding[] }

function bereik(w: Where, column: string, b: Bereik | undefined): void {
  if (!b) return;
  if (b.gelijk !== undefined) { w.sql.push(`${column} = ?`); w.bindings.push(b.gelijk); }
  if (b.vanaf !== undefined) { w.sql.push(`${column} >= ?`); w.bindings.push(b.vanaf); }
  if (b.totEnMet !== undefined) { w.sql.push(`${column} <= ?`); w.bindings.push(b.totEnMet); }
}

/**
 * The zaken of a betrokkene, as `zaak.id in (...)` driven by the (bsn, rol) / (identificatie, rol) indexes. Not as a
 * correlated EXISTS: SQLite would then walk every (open) zaak and probe betrokkene for each (test/zoeken.test.ts).
 */
function betrokkene(w: Where, c: BetrokkeneCriterium): void {
  w.sql.push(`zaak.id in (select b.zaak_id from betrokkene b where b.rol = ? and b.${c.bsn !== undefined ? 'bsn' : 'identificatie'} = ?)`);
  w.bindings.push(c.rol, c.bsn ?? c.identificatie!);
}

/** Escapes LIKE wildcards for a partial (StUF:exact="false") match. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function selectie(s: ZaakSelectie, gemeente: string): Where {
  const w: Where = { sql: ['zaak.gemeente = ?'], bindings: [gemeente] };
  if (s.identificatie !== undefined) { w.sql.push('zaak.identificatie = ?'); w.bindings.push(s.identificatie); }
  if (s.zaaktypeCode !== undefined) { w.sql.push('zaak.zaaktype_code = ?'); w.bindings.push(s.zaaktypeCode); }
  if (s.omschrijving) {
    if (s.omschrijving.exact) w.sql.push('zaak.omschrijving = ?');
    else w.sql.push("zaak.omschrijving like ? escape '\\'");
    w.bindings.push(s.omschrijving.exact ? s.omschrijving.waarde : `%${likeEscape(s.omschrijving.waarde)}%`);
  }
  if (s.open) w.sql.push('zaak.einddatum is null');
  bereik(w, 'zaak.startdatum', s.startdatum);
  bereik(w, 'zaak.registratiedatum', s.registratiedatum);
  bereik(w, 'zaak.einddatum', s.einddatum);
  for (const b of s.betrokkenen) betrokkene(w, b);
  return w;
}

type Key = { col: string; desc?: boolean };

/** Sort keys per sortering; zaak.id last so that the order is total and keyset paging is exact. */
function keys(sortering: number): Key[] {
  switch (sortering) {
    case 0: return [{ col: 'zaak.id' }];
    case 1: return [{ col: 'zaak.identificatie' }, { col: 'zaak.id' }];
    case 4: return [{ col: "coalesce(zaak.omschrijving, '')" }, { col: 'zaak.id' }];
    case 5: return [{ col: "coalesce(zaak.startdatum, '')", desc: true }, { col: "coalesce(zaak.omschrijving, '')" }, { col: 'zaak.id' }];
    default:
      throw new StufError('StUF133', `Sortering ${sortering} wordt niet ondersteund; gebruik 0, 1, 4 of 5`, { plek: 'server' });
  }
}

function keyValue(row: ZaakRow, col: string): Binding {
  switch (col) {
    case 'zaak.id': return row.id;
    case 'zaak.identificatie': return row.identificatie;
    case "coalesce(zaak.omschrijving, '')": return row.omschrijving ?? '';
    case "coalesce(zaak.startdatum, '')": return row.startdatum ?? '';
    default: throw new Error(`no key ${col}`);
  }
}

/** (k1, k2, ...) after (v1, v2, ...) in the sort order, written out so that mixed directions work everywhere. */
function after(w: Where, ks: Key[], start: ZaakRow): void {
  const parts: string[] = [];
  for (let i = 0; i < ks.length; i++) {
    const eq = ks.slice(0, i).map((k) => `${k.col} = ?`);
    parts.push(`(${[...eq, `${ks[i].col} ${ks[i].desc ? '<' : '>'} ?`].join(' and ')})`);
    w.bindings.push(...ks.slice(0, i).map((k) => keyValue(start, k.col)), keyValue(start, ks[i].col));
  }
  w.sql.push(`(${parts.join(' or ')})`);
}

/** The SQL of a page of zaken: selection, sortering, keyset paging after `start` (the vervolgvraag's start object). */
export function zaakQuery(s: ZaakSelectie, o: Pick<ZoekOpties, 'gemeente' | 'sortering' | 'maximumAantal'>, start?: ZaakRow): { sql: string; bindings: Binding[] } {
  const ks = keys(o.sortering);
  const w = selectie(s, o.gemeente);
  if (start) after(w, ks, start);
  const sql = `select ${ZAAK_COLUMNS} from zaak${w.sql.length ? ` where ${w.sql.join(' and ')}` : ''} ` +
    `order by ${ks.map((k) => `${k.col} ${k.desc ? 'desc' : 'asc'}`).join(', ')} limit ?`;
  return { sql, bindings: [...w.bindings, o.maximumAantal + 1] };
}

export async function zoekZaken(db: Knex, s: ZaakSelectie, o: ZoekOpties): Promise<ZoekResultaat> {
  let start: ZaakRow | undefined;
  if (o.naIdentificatie !== undefined) {
    [start] = await lees<ZaakRow>(db, `select ${ZAAK_COLUMNS} from zaak where zaak.gemeente = ? and zaak.identificatie = ?`, [o.gemeente, o.naIdentificatie]);
    if (!start) throw new StufError('StUF064', `Startobject van de vervolgvraag (zaak ${o.naIdentificatie}) bestaat niet`);
  }
  const q = zaakQuery(s, o, start);
  const rows = await lees<ZaakRow>(db, q.sql, q.bindings);
  const meer = rows.length > o.maximumAantal;
  return { zaken: meer ? rows.slice(0, o.maximumAantal) : rows, meer };
}

// ---- relations for a page of zaken: one query per table ----

export async function betrokkenenVan(db: Knex, zaakIds: number[], rollen?: string[]): Promise<BetrokkeneRow[]> {
  if (!zaakIds.length || (rollen && !rollen.length)) return [];
  const rol = rollen ? ` and rol in (${marks(rollen.length)})` : '';
  return lees<BetrokkeneRow>(db, `select * from betrokkene where zaak_id in (${marks(zaakIds.length)})${rol} order by zaak_id, volgorde`,
    [...zaakIds, ...(rollen ?? [])]);
}

export async function statussenVan(db: Knex, zaakIds: number[]): Promise<StatusRow[]> {
  if (!zaakIds.length) return [];
  return lees<StatusRow>(db, `select * from status where zaak_id in (${marks(zaakIds.length)}) order by zaak_id, datum_status_gezet desc, id desc`, zaakIds);
}

/** A zaak-zaak link seen from one zaak of the page. */
export interface ZaakLinkRow {
  /** the zaak of the page */
  zaakId: number;
  relatie: 'heeftAlsDeelzaak' | 'heeftAlsHoofdzaak' | 'heeftBetrekkingOpAndere';
  andere: ZaakRow;
}

const LINK_COLUMNS = ['id', 'identificatie', 'zaaktype_code', 'omschrijving', 'startdatum', 'einddatum', 'attributen', 'gemeente']
  .flatMap((c) => [`a.${c} as a_${c}`, `b.${c} as b_${c}`]).join(', ');

/** Deelzaken, hoofdzaak and andere zaken of a page, with the other zaak's row, in one query. */
export async function zaakLinksVan(db: Knex, zaakIds: number[]): Promise<ZaakLinkRow[]> {
  if (!zaakIds.length) return [];
  const m = marks(zaakIds.length);
  const rows = await lees<Record<string, unknown>>(db,
    `select zz.zaak_id as z_id, zz.andere_zaak_id as andere_id, zz.soort as soort, ${LINK_COLUMNS} from zaak_zaak zz ` +
    'join zaak a on a.id = zz.zaak_id join zaak b on b.id = zz.andere_zaak_id ' +
    `where zz.zaak_id in (${m}) or (zz.andere_zaak_id in (${m}) and zz.soort = 'DEL') order by zz.soort, b.identificatie`,
    [...zaakIds, ...zaakIds]);
  const ids = new Set(zaakIds);
  const zaak = (r: Record<string, unknown>, p: 'a' | 'b') => ({
    id: Number(r[`${p}_id`]), identificatie: r[`${p}_identificatie`], zaaktype_code: r[`${p}_zaaktype_code`], omschrijving: r[`${p}_omschrijving`],
    startdatum: r[`${p}_startdatum`], einddatum: r[`${p}_einddatum`], attributen: r[`${p}_attributen`], gemeente: r[`${p}_gemeente`],
  }) as ZaakRow;
  const out: ZaakLinkRow[] = [];
  for (const r of rows) {
    const zid = Number(r.z_id);
    const aid = Number(r.andere_id);
    if (ids.has(zid)) out.push({ zaakId: zid, relatie: r.soort === 'DEL' ? 'heeftAlsDeelzaak' : 'heeftBetrekkingOpAndere', andere: zaak(r, 'b') });
    if (r.soort === 'DEL' && ids.has(aid)) out.push({ zaakId: aid, relatie: 'heeftAlsHoofdzaak', andere: zaak(r, 'a') });
  }
  return out;
}
