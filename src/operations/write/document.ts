// Scope-aware rendering of documents: the EDC answer object (geefZaakdocumentLezen, edcLa01) and the ZAKEDC
// relations of a zaak answer (heeftRelevant, geefLijstZaakdocumenten). Element order is the XSD sequence.
import type { InhoudInfo } from '../../store/inhoud.ts';
import type { DocumentRow, ZaakDocumentRow } from '../../store/documenten.ts';
import { decodeAttributen } from '../../store/documenten.ts';
import { decodeNode } from '../../store/nodes.ts';
import type { ZaakRow } from '../../store/zaken.ts';
import { sub, withMeta, type Scope } from '../../stuf/scope.ts';
import { boomScope, gevraagd as isGevraagd, renderAttributen } from './attributen.ts';
import type { XNode } from '../../xml/tree.ts';
import { esc, leaf, nil } from '../../xml/writer.ts';
import { renderGerelateerdeZaak, renderStored, type RenderContext } from './zaak.ts';

/** Which answer type the EDC object must satisfy. */
export type DocumentVorm =
  | 'generiek' // ZKN EDC-antwoord (edcLa01 of ZDS 1.1)
  | 'lezen' // ZDS 1.2 GeefZaakdocumentLezen-EDC-antwoord: no StUF metadata; identificatie ... auteur and inhoud required
  | 'bewerken'; // EDC-antwoord-gzdb (geefZaakdocumentbewerken, both dialects): as lezen plus link, not nillable, metadata allowed

const Z = (local: string) => `ZKN:${local}`;

/** EDC attributes of the answer object, in XSD order (inhoud is placed after link). */
const OBJECT_ATTRIBUTEN = ['identificatie', 'dct.omschrijving', 'dct.omschrijvingGeneriek', 'dct.categorie', 'creatiedatum', 'ontvangstdatum',
  'titel', 'beschrijving', 'formaat', 'taal', 'versie', 'status', 'verzenddatum', 'vertrouwelijkAanduiding', 'auteur', 'link'];
/** EDC-gerelateerdeAntwoord: no dct.categorie and no content. */
const GERELATEERDE_ATTRIBUTEN = OBJECT_ATTRIBUTEN.filter((a) => a !== 'dct.categorie');
const KERNGEGEVENS = new Set(['identificatie', 'dct.omschrijving', 'titel']);
const LEZEN_VERPLICHT = new Set(['identificatie', 'creatiedatum', 'titel', 'formaat', 'taal', 'vertrouwelijkAanduiding', 'auteur']);
/**
 * Relation-level elements of ZAKEDC/EDCZAK after gerelateerde, in XSD order. sta.datumStatusGezet is left out:
 * the answer types declare it as a 4-digit Volgnummer, so the date a client sent can never be answered validly.
 */
const RELATIE_ELEMENTEN = ['titel', 'beschrijving', 'registratiedatum', 'stt.volgnummer', 'stt.omschrijving',
  'tijdvakRelatie', 'tijdvakGeldigheid', 'tijdstipRegistratie', 'extraElementen'];

const gevraagd = (scope: Scope | undefined, name: string) => isGevraagd(scope, name, KERNGEGEVENS);

/** The attributes `names` of a stored EDC (see write/attributen.ts). */
function attributen(stored: XNode[], names: readonly string[], scope: Scope | undefined, verplicht: Set<string>, metadata: boolean): string {
  return renderAttributen(stored, names, { scope, kerngegevens: KERNGEGEVENS, verplicht, metadata });
}

function inhoudElement(d: DocumentData): string {
  const info = d.inhoud;
  const attrs = ` StUF:bestandsnaam="${esc(info?.bestandsnaam ?? d.row.identificatie)}"${info?.contentType ? ` xmime:contentType="${esc(info.contentType)}"` : ''}`;
  return `<ZKN:inhoud${attrs}>${d.token ?? (d.bytes ? d.bytes.toString('base64') : '')}</ZKN:inhoud>`;
}

/** The relation-level elements of a stored ZAKEDC/EDCZAK element, with registratiedatum from the link. */
function relatieElementen(relatie: string | null, registratiedatum: string, scope: Scope | undefined, registratiedatumVerplicht: boolean): string {
  const node = relatie ? decodeNode(relatie) : undefined;
  let out = '';
  for (const n of RELATIE_ELEMENTEN) {
    if (n === 'registratiedatum') {
      if (registratiedatumVerplicht || gevraagd(scope, n)) out += leaf(Z(n), registratiedatum);
      continue;
    }
    if (!gevraagd(scope, n)) continue;
    for (const c of node?.children ?? []) if (c.name === n) out += renderStored(c, undefined);
  }
  return out;
}

export interface DocumentData {
  row: DocumentRow;
  inhoud?: InhoudInfo;
  /** the content, when it is small enough to go into the answer text */
  bytes?: Buffer;
  /** the token the HTTP layer replaces by the streamed content (large content; src/soap/bijlagen.ts) */
  token?: string;
  zaken: { zaak: ZaakRow; registratiedatum: string; relatie: string | null }[];
}

/** One `antwoord/object` for a document (geefZaakdocumentLezen, edcLa01). */
export function renderDocument(d: DocumentData, scope: Scope, vorm: DocumentVorm, rc: RenderContext): string {
  const stored = decodeAttributen(d.row.attributen);
  const verplicht = vorm === 'generiek' ? new Set(['identificatie']) : LEZEN_VERPLICHT;
  let out = `<ZKN:object StUF:entiteittype="EDC" StUF:sleutelVerzendend="${d.row.id}">`;
  if (vorm === 'bewerken') {
    // The gzdb answer types make these required and not nillable (the scope is "asked", never a filter; guide #9).
    out += attributen(stored, OBJECT_ATTRIBUTEN.slice(0, -1), undefined, verplicht, false);
    out += stored.find((a) => a.name === 'link' && a.text) ? renderStored(stored.find((a) => a.name === 'link')!, undefined) : '<ZKN:link/>';
  } else out += attributen(stored, OBJECT_ATTRIBUTEN, scope, verplicht, vorm !== 'lezen');
  if (vorm !== 'generiek' || gevraagd(scope, 'inhoud')) out += inhoudElement(d);
  if (vorm !== 'lezen') out += attributen(stored, ['tijdvakGeldigheid', 'tijdstipRegistratie', 'extraElementen'], scope, new Set(), true);
  const rs = boomScope(scope) ? sub(scope, 'isRelevantVoor') : scope?.keyword === 'kerngegevens' ? undefined : scope;
  if (rs) {
    const gs = boomScope(rs) ? sub(rs, 'gerelateerde') : { keyword: 'kerngegevens' as const, children: new Map(), empty: false };
    for (const z of d.zaken) {
      out += `<ZKN:isRelevantVoor StUF:entiteittype="EDCZAK">${renderGerelateerdeZaak(z.zaak, gs, rc)}` +
        `${relatieElementen(z.relatie, z.registratiedatum, boomScope(rs), false)}</ZKN:isRelevantVoor>`;
    }
    if (!d.zaken.length && boomScope(scope)) out += nil(Z('isRelevantVoor'), 'geenWaarde', { 'StUF:entiteittype': 'EDCZAK' });
  }
  return `${out}</ZKN:object>`;
}

/** The heeftRelevant relations of one zaak (ZAKEDC), sorted by document identificatie. */
export function renderHeeftRelevant(rows: ZaakDocumentRow[], scope: Scope | undefined, registratiedatumVerplicht: boolean): string {
  const tree = boomScope(scope);
  const gs = tree ? sub(tree, 'gerelateerde') : scope?.keyword === 'kerngegevens' ? scope : undefined;
  return rows.map((r) => {
    const g = `<ZKN:gerelateerde StUF:entiteittype="EDC">${attributen(decodeAttributen(r.attributen), [...GERELATEERDE_ATTRIBUTEN, 'tijdvakGeldigheid', 'tijdstipRegistratie', 'extraElementen'],
      gs, new Set(['identificatie']), !gs || withMeta(gs))}</ZKN:gerelateerde>`;
    return `<ZKN:heeftRelevant StUF:entiteittype="ZAKEDC">${g}${relatieElementen(r.relatie, r.registratiedatum, tree, registratiedatumVerplicht)}</ZKN:heeftRelevant>`;
  }).join('');
}
