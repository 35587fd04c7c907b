// The StUF-ZKN 3.10 kennisgevingen the gateway sends to its abonnees (guide §6.5), valid against zkn0310:
// - zakLk01 about one zaak: its attributes, zaaktype, current status, the zaken it is linked to. The kennisgeving
//   schema has no heeftAlsHoofdzaak, so a deelplan names its gezinsplan in heeftBetrekkingOpAndere; a gezinsplan
//   names its deelplannen in heeftAlsDeelzaak. Persons (betrokkenen) are not repeated: the abonnee asks for them.
//   T the first time an abonnee hears of the zaak; after that W, with as oud the zaak as this abonnee last heard
//   of it (the stand kept with its previous kennisgeving), so every W is a correct delta for its receiver.
// - edcLk01 (T) with a document, content included, isRelevantVoor the zaak: the deelplan's domain data.
import type { Knex } from 'knex';
import type { Catalogue } from '../domain/catalogue.ts';
import { ZAAK_ATTRIBUTES } from '../domain/zaak.ts';
import { decodeAttributen, type ZaakDocumentRow } from '../store/documenten.ts';
import { inhoudInfo } from '../store/inhoud.ts';
import { decodeNode, decodeNodes, encodeNode, encodeNodes } from '../store/nodes.ts';
import { content, type ZaakRow } from '../store/zaken.ts';
import { statussenVan, zaakLinksVan } from '../store/zoeken.ts';
import { tijdstip } from '../stuf/datum.ts';
import type { Systeem } from '../stuf/stuurgegevens.ts';
import { ANSWER_XMLNS } from '../xml/namespaces.ts';
import { value, type XNode } from '../xml/tree.ts';
import { esc, leaf, nil, renderTree } from '../xml/writer.ts';
import { nilAttr, NOT_NILLABLE, renderStored } from '../operations/write/zaak.ts';

/** What a zakLk01 says about a zaak; kept with the outbox entry as the abonnee's knowledge (JSON). */
export interface ZaakStand {
  identificatie: string;
  /** the attribute elements (store/nodes.ts encoding) */
  attributen: string;
  zaaktype?: { code: string; omschrijving?: string };
  status?: {
    /** which status this is (datumStatusGezet + volgnummer) */
    sleutel: string;
    zktOmschrijving?: string;
    volgnummer?: number;
    omschrijving?: string;
    datumStatusGezet: string;
    toelichting?: string;
    /** the isGezetDoor relation as sent (encoded node) */
    isGezetDoor?: string;
  };
  /** heeftBetrekkingOpAndere: the hoofdzaak (gezinsplan) and the zaken the zaak refers to */
  andere: string[];
  /** heeftAlsDeelzaak */
  deelzaken: string[];
}

/** The zaak's current stand, and whether it is a deelzaak of a zaak of one of `gezinsplanZaaktypen`. */
export async function zaakStand(db: Knex, catalogue: Catalogue, zaak: ZaakRow, gezinsplanZaaktypen: string[]): Promise<{ stand: ZaakStand; onderGezinsplan: boolean }> {
  const [laatste] = await statussenVan(db, [zaak.id]);
  const links = await zaakLinksVan(db, [zaak.id]);
  const zaaktype = zaak.zaaktype_code ? (await catalogue.zaaktypenVan(db, [zaak.zaaktype_code])).get(zaak.zaaktype_code) : undefined;
  const hoofdzaken = links.filter((l) => l.relatie === 'heeftAlsHoofdzaak');
  const node = laatste ? decodeNode(laatste.node) : undefined;
  const gezetDoor = node?.children.find((c) => c.name === 'isGezetDoor' && c.children.length);
  const stand: ZaakStand = {
    identificatie: zaak.identificatie,
    attributen: encodeNodes(content(zaak).a),
    ...(zaak.zaaktype_code ? { zaaktype: { code: zaak.zaaktype_code, omschrijving: zaaktype?.omschrijving ?? undefined } } : {}),
    ...(laatste ? {
      status: {
        sleutel: `${laatste.datum_status_gezet}/${laatste.volgnummer ?? ''}`, zktOmschrijving: zaaktype?.omschrijving ?? undefined,
        volgnummer: laatste.volgnummer ?? undefined, omschrijving: laatste.omschrijving ?? undefined,
        datumStatusGezet: value(node?.children.find((c) => c.name === 'datumStatusGezet')) ?? laatste.datum_status_gezet,
        toelichting: laatste.toelichting ?? undefined, isGezetDoor: gezetDoor && encodeNode(gezetDoor),
      },
    } : {}),
    andere: [...new Set([...hoofdzaken, ...links.filter((l) => l.relatie === 'heeftBetrekkingOpAndere')].map((l) => l.andere.identificatie))],
    deelzaken: links.filter((l) => l.relatie === 'heeftAlsDeelzaak').map((l) => l.andere.identificatie),
  };
  return { stand, onderGezinsplan: hoofdzaken.some((l) => !!l.andere.zaaktype_code && gezinsplanZaaktypen.includes(l.andere.zaaktype_code)) };
}

export interface Afzender {
  zender: Systeem;
  ontvanger: Systeem;
  referentienummer: string;
}

function systeem(tag: string, s: Systeem): string {
  return `<StUF:${tag}>${leaf('StUF:organisatie', s.organisatie)}${leaf('StUF:applicatie', s.applicatie)}${leaf('StUF:administratie', s.administratie)}` +
    `${leaf('StUF:gebruiker', s.gebruiker || undefined)}</StUF:${tag}>`;
}

function kop(a: Afzender, entiteittype: string, mutatiesoort: 'T' | 'W'): string {
  return `<ZKN:stuurgegevens>${leaf('StUF:berichtcode', 'Lk01')}${systeem('zender', a.zender)}${systeem('ontvanger', a.ontvanger)}` +
    `${leaf('StUF:referentienummer', a.referentienummer)}${leaf('StUF:tijdstipBericht', tijdstip())}${leaf('StUF:entiteittype', entiteittype)}</ZKN:stuurgegevens>` +
    `<ZKN:parameters>${leaf('StUF:mutatiesoort', mutatiesoort)}${leaf('StUF:indicatorOvername', 'V')}</ZKN:parameters>`;
}

type Vs = 'T' | 'W' | 'V' | 'I';

const ZAAK_RELATIE: Record<'heeftAlsDeelzaak' | 'heeftBetrekkingOpAndere', string> = { heeftAlsDeelzaak: 'ZAKZAKDEL', heeftBetrekkingOpAndere: 'ZAKZAKBTR' };

function zaakRelatie(rel: keyof typeof ZAAK_RELATIE, identificatie: string, vs: Vs): string {
  return `<ZKN:${rel} StUF:entiteittype="${ZAAK_RELATIE[rel]}" StUF:verwerkingssoort="${vs}"><ZKN:gerelateerde StUF:entiteittype="ZAK" StUF:verwerkingssoort="I">` +
    `${leaf('ZKN:identificatie', identificatie)}</ZKN:gerelateerde></ZKN:${rel}>`;
}

/** An absent relation in oud (added: T) or nieuw (removed: V). */
const geenRelatie = (rel: string, entiteittype: string, vs: Vs) => nil(`ZKN:${rel}`, 'geenWaarde', { 'StUF:entiteittype': entiteittype, 'StUF:verwerkingssoort': vs });

function isVan(s: ZaakStand, vs: Vs): string {
  if (!s.zaaktype) return '';
  return `<ZKN:isVan StUF:entiteittype="ZAKZKT" StUF:verwerkingssoort="${vs}"><ZKN:gerelateerde StUF:entiteittype="ZKT" StUF:verwerkingssoort="I">` +
    `${leaf('ZKN:omschrijving', s.zaaktype.omschrijving)}${leaf('ZKN:code', s.zaaktype.code)}</ZKN:gerelateerde></ZKN:isVan>`;
}

function heeft(st: NonNullable<ZaakStand['status']>, vs: Vs): string {
  return `<ZKN:heeft StUF:entiteittype="ZAKSTT" StUF:verwerkingssoort="${vs}"><ZKN:gerelateerde StUF:entiteittype="STT" StUF:verwerkingssoort="I">` +
    `${leaf('ZKN:zkt.omschrijving', st.zktOmschrijving)}${leaf('ZKN:volgnummer', st.volgnummer)}${leaf('ZKN:omschrijving', st.omschrijving)}</ZKN:gerelateerde>` +
    `${leaf('ZKN:toelichting', st.toelichting)}${leaf('ZKN:datumStatusGezet', st.datumStatusGezet)}${st.isGezetDoor ? renderTree(decodeNode(st.isGezetDoor)) : ''}</ZKN:heeft>`;
}

/** Attributes in XSD order; `fill` names those to write as "no value" when this side has none. */
function attributen(nodes: XNode[], fill: Set<string>): string {
  let out = '';
  for (const name of ZAAK_ATTRIBUTES) {
    const list = nodes.filter((n) => n.name === name);
    if (list.length) out += list.map((n) => renderStored(n, undefined)).join('');
    else if (fill.has(name) && !NOT_NILLABLE.has(name)) out += nilAttr(name);
  }
  return out;
}

const object = (s: ZaakStand, id: number, vs: 'T' | 'W', inner: string) =>
  `<ZKN:object StUF:entiteittype="ZAK" StUF:verwerkingssoort="${vs}" StUF:sleutelVerzendend="${id}">${inner}</ZKN:object>`;

/** Relations of a zaak link kind in oud and nieuw: unchanged I/I, added nil-T/T, removed V/nil-V. */
function linkDelta(rel: keyof typeof ZAAK_RELATIE, oud: string[], nieuw: string[]): [string, string] {
  let o = '';
  let n = '';
  for (const id of [...new Set([...oud, ...nieuw])]) {
    const inOud = oud.includes(id);
    const inNieuw = nieuw.includes(id);
    o += inOud ? zaakRelatie(rel, id, inNieuw ? 'I' : 'V') : geenRelatie(rel, ZAAK_RELATIE[rel], 'T');
    n += inNieuw ? zaakRelatie(rel, id, inOud ? 'I' : 'T') : geenRelatie(rel, ZAAK_RELATIE[rel], 'V');
  }
  return [o, n];
}

/**
 * The zakLk01 that brings an abonnee from `vorige` (what it knows; undefined: nothing) to `stand`. Undefined when
 * there is nothing new for it.
 */
export function zakLk01(a: Afzender, zaakId: number, stand: ZaakStand, vorige: ZaakStand | undefined): string | undefined {
  const open = `<ZKN:zakLk01 ${ANSWER_XMLNS}>`;
  if (!vorige) {
    const inner = attributen(decodeNodes(stand.attributen), new Set()) + isVan(stand, 'T') +
      stand.deelzaken.map((d) => zaakRelatie('heeftAlsDeelzaak', d, 'T')).join('') +
      stand.andere.map((d) => zaakRelatie('heeftBetrekkingOpAndere', d, 'T')).join('') + (stand.status ? heeft(stand.status, 'T') : '');
    return `${open}${kop(a, 'ZAK', 'T')}${object(stand, zaakId, 'T', inner)}</ZKN:zakLk01>`;
  }
  if (JSON.stringify(vorige) === JSON.stringify(stand)) return undefined;
  const oudA = decodeNodes(vorige.attributen);
  const nieuwA = decodeNodes(stand.attributen);
  const names = (l: XNode[]) => new Set(l.map((n) => n.name));
  const [oudDeel, nieuwDeel] = linkDelta('heeftAlsDeelzaak', vorige.deelzaken, stand.deelzaken);
  const [oudAnder, nieuwAnder] = linkDelta('heeftBetrekkingOpAndere', vorige.andere, stand.andere);
  let oudStatus = '';
  let nieuwStatus = '';
  if (stand.status && vorige.status?.sleutel === stand.status.sleutel) {
    oudStatus = heeft(vorige.status, 'I');
    nieuwStatus = heeft(stand.status, 'I');
  } else if (stand.status) {
    oudStatus = geenRelatie('heeft', 'ZAKSTT', 'T');
    nieuwStatus = heeft(stand.status, 'T');
  }
  const oud = attributen(oudA, names(nieuwA)) + isVan(vorige, 'I') + oudDeel + oudAnder + oudStatus;
  const nieuw = attributen(nieuwA, names(oudA)) + isVan(stand, 'I') + nieuwDeel + nieuwAnder + nieuwStatus;
  return `${open}${kop(a, 'ZAK', 'W')}${object(vorige, zaakId, 'W', oud)}${object(stand, zaakId, 'W', nieuw)}</ZKN:zakLk01>`;
}

/** Where the delivery worker puts the document content (base64): a comment, which no escaped text can contain. */
export const INHOUD_TOKEN = '<!--inhoud-->';

/** EDC-kennisgeving attributes in XSD order (zkn0310); inhoud follows link. */
const EDC_ATTRIBUTEN = ['identificatie', 'dct.omschrijving', 'creatiedatum', 'ontvangstdatum', 'titel', 'beschrijving', 'formaat', 'taal', 'versie',
  'status', 'verzenddatum', 'vertrouwelijkAanduiding', 'auteur', 'link'];
const EDC_METAGEGEVENS = ['tijdvakGeldigheid', 'tijdstipRegistratie', 'extraElementen'];

/** The edcLk01 (T) of a stored document relevant for `zaak`; its content stands as INHOUD_TOKEN. */
export async function edcLk01(db: Knex, a: Afzender, d: ZaakDocumentRow, zaak: ZaakRow): Promise<string> {
  const stored = decodeAttributen(d.attributen);
  const pick = (names: string[]) => names.flatMap((n) => stored.filter((s) => s.name === n)).map((n) => renderStored(n, undefined)).join('');
  const info = d.inhoud_id === null ? undefined : await inhoudInfo(db, d.inhoud_id);
  const inhoud = info
    ? `<ZKN:inhoud StUF:bestandsnaam="${esc(info.bestandsnaam ?? d.identificatie)}"${info.contentType ? ` xmime:contentType="${esc(info.contentType)}"` : ''}>${INHOUD_TOKEN}</ZKN:inhoud>`
    : '';
  const relatie = `<ZKN:isRelevantVoor StUF:entiteittype="EDCZAK" StUF:verwerkingssoort="T"><ZKN:gerelateerde StUF:entiteittype="ZAK" StUF:verwerkingssoort="I">` +
    `${leaf('ZKN:identificatie', zaak.identificatie)}</ZKN:gerelateerde>${leaf('ZKN:registratiedatum', d.registratiedatum)}</ZKN:isRelevantVoor>`;
  return `<ZKN:edcLk01 ${ANSWER_XMLNS}>${kop(a, 'EDC', 'T')}<ZKN:object StUF:entiteittype="EDC" StUF:verwerkingssoort="T" StUF:sleutelVerzendend="${d.id}">` +
    `${pick(EDC_ATTRIBUTEN)}${inhoud}${pick(EDC_METAGEGEVENS)}${relatie}</ZKN:object></ZKN:edcLk01>`;
}
