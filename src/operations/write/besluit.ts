// Scope-aware rendering of besluiten: the BSL answer object (geefBesluitdetails) and the leidtTot relations of a
// zaak answer (geefLijstBesluiten, geefZaakdetails, zakLv01). Element order is the XSD sequence.
import { BESLUIT_ATTRIBUTES } from '../../domain/besluit.ts';
import { decodeBesluit, type BesluitRow } from '../../store/besluiten.ts';
import { decodeAttributen } from '../../store/documenten.ts';
import type { ZaakRow } from '../../store/zaken.ts';
import { sub, type Scope } from '../../stuf/scope.ts';
import { nil } from '../../xml/writer.ts';
import { boomScope, gevraagd, renderAttributen } from './attributen.ts';
import { renderGerelateerdeZaak, type RenderContext } from './zaak.ts';

const KERNGEGEVENS = new Set(['identificatie', 'bst.omschrijving', 'datumBeslissing']);
/** BSL-gerelateerdeAntwoord: no besluittype details but its omschrijving. */
const GERELATEERDE = BESLUIT_ATTRIBUTES.filter((a) => !/^bst\./.test(a) || a === 'bst.omschrijving');
const KERN = { keyword: 'kerngegevens' as const, children: new Map(), empty: false };

/** The leidtTot relations of one zaak; `verplicht`: the ZDS 1.2 GeefLijstBesluiten answer requires datumBeslissing and ingangsdatumWerking. */
export function renderLeidtTot(rows: BesluitRow[], scope: Scope | undefined, verplicht: boolean): string {
  const tree = boomScope(scope);
  const gs = tree ? sub(tree, 'gerelateerde') : scope?.keyword === 'kerngegevens' ? scope : undefined;
  const v = new Set(verplicht ? ['identificatie', 'datumBeslissing', 'ingangsdatumWerking'] : ['identificatie']);
  return rows.map((r) => `<ZKN:leidtTot StUF:entiteittype="ZAKBSL"><ZKN:gerelateerde StUF:entiteittype="BSL">` +
    `${renderAttributen(decodeBesluit(r.attributen), GERELATEERDE, { scope: gs, kerngegevens: KERNGEGEVENS, verplicht: v })}</ZKN:gerelateerde></ZKN:leidtTot>`).join('');
}

export interface BesluitData {
  row: BesluitRow;
  zaak?: ZaakRow;
  documenten: { identificatie: string; attributen: string }[];
}

/** One `antwoord/object` for geefBesluitdetails (GeefBesluitdetails-BSL-antwoord). */
export function renderBesluit(d: BesluitData, scope: Scope, rc: RenderContext): string {
  const stored = decodeBesluit(d.row.attributen);
  let out = `<ZKN:object StUF:entiteittype="BSL" StUF:sleutelVerzendend="${d.row.id}">`;
  out += renderAttributen(stored, BESLUIT_ATTRIBUTES.filter((a) => a !== 'tijdvakGeldigheid' && a !== 'tijdstipRegistratie' && a !== 'extraElementen'),
    { scope, kerngegevens: KERNGEGEVENS, verplicht: new Set(['identificatie', 'datumBeslissing', 'ingangsdatumWerking']) });
  // tijdvakGeldigheid is required here: what the client sent, else from the datumBeslissing (or open).
  const tijdvak = stored.find((a) => a.name === 'tijdvakGeldigheid');
  const begin = stored.find((a) => a.name === 'datumBeslissing')?.text;
  out += tijdvak ? renderAttributen([tijdvak], ['tijdvakGeldigheid'], { scope: undefined, kerngegevens: KERNGEGEVENS })
    : `<StUF:tijdvakGeldigheid>${begin ? `<StUF:beginGeldigheid>${begin}</StUF:beginGeldigheid>` : nil('StUF:beginGeldigheid')}${nil('StUF:eindGeldigheid')}</StUF:tijdvakGeldigheid>`;
  out += renderAttributen(stored, ['tijdstipRegistratie', 'extraElementen'], { scope, kerngegevens: KERNGEGEVENS });
  // isUitkomstVan is required: the zaak, or nil when the besluit has lost its zaak
  out += d.zaak
    ? `<ZKN:isUitkomstVan StUF:entiteittype="BSLZAK">${renderGerelateerdeZaak(d.zaak, KERN, rc)}</ZKN:isUitkomstVan>`
    : nil('ZKN:isUitkomstVan', 'geenWaarde', { 'StUF:entiteittype': 'BSLZAK' });
  if (gevraagd(scope, 'isVastgelegdIn', KERNGEGEVENS) && scope.keyword !== 'kerngegevens') {
    for (const doc of d.documenten) {
      const attrs = decodeAttributen(doc.attributen);
      out += `<ZKN:isVastgelegdIn StUF:entiteittype="BSLEDC"><ZKN:gerelateerde StUF:entiteittype="EDC">` +
        `${renderAttributen(attrs, ['identificatie', 'dct.omschrijving', 'titel'], { scope: undefined, kerngegevens: KERNGEGEVENS, verplicht: new Set(['identificatie']) })}` +
        '</ZKN:gerelateerde></ZKN:isVastgelegdIn>';
    }
  }
  return `${out}</ZKN:object>`;
}
