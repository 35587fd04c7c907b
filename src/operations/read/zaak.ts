// Reads a ZAK object of a kennisgeving into a ZaakInput. Shared by creeerZaak, updateZaak,
// actualiseerZaakstatus and the plain zakLk01: all ZAK content is ZKN in every dialect.
import { BETROKKENE_ROLES, ZAAK_ATTRIBUTES, type Betrokkene, type BetrokkeneRol, type StatusInput, type ZaakInput, type ZaakLink } from '../../domain/zaak.ts';
import { at, child, isNil, textAt, value, type XNode } from '../../xml/tree.ts';

const ATTRS = new Set<string>(ZAAK_ATTRIBUTES);
const ROLES = new Set<string>(BETROKKENE_ROLES);

/** The person or organisation inside a gerelateerde, with the identifiers we index. */
export function readGerelateerde(gerelateerde: XNode | undefined): { soort?: string; identificatie?: string; bsn?: string } {
  const subject = gerelateerde?.children.find((c) => c.attrs['StUF:entiteittype'] || c.children.length);
  if (!subject) return {};
  const soort = subject.attrs['StUF:entiteittype'] ?? ENTITEITTYPE_OF[subject.name];
  const bsn = textAt(subject, 'inp.bsn');
  const identificatie = bsn ?? textAt(subject, 'anp.identificatie') ?? textAt(subject, 'inn.nnpId') ?? textAt(subject, 'ann.identificatie')
    ?? textAt(subject, 'vestigingsNummer') ?? textAt(subject, 'identificatie');
  return { soort, identificatie, bsn: bsn && /^\d{9}$/.test(bsn) ? bsn : undefined };
}

/** Entiteittype by element name, for clients that leave StUF:entiteittype out (Verint KANA, guide). */
const ENTITEITTYPE_OF: Record<string, string> = {
  natuurlijkPersoon: 'NPS', nietNatuurlijkPersoon: 'NNP', vestiging: 'VES', medewerker: 'MDW', organisatorischeEenheid: 'OEH',
};

function link(rel: XNode): ZaakLink | undefined {
  const id = textAt(rel, 'gerelateerde', 'identificatie');
  return id ? { identificatie: id, node: rel } : undefined;
}

function status(rel: XNode): StatusInput | undefined {
  const g = child(rel, 'gerelateerde');
  if (!g || isNil(rel)) return undefined;
  const vn = textAt(g, 'volgnummer');
  return {
    volgnummer: vn !== undefined && /^\d+$/.test(vn) ? Number(vn) : undefined,
    omschrijving: textAt(g, 'omschrijving'),
    datumStatusGezet: textAt(rel, 'datumStatusGezet'),
    toelichting: textAt(rel, 'toelichting'),
    node: rel,
  };
}

export function readZaak(object: XNode): ZaakInput {
  const z: ZaakInput = { attributes: [], betrokkenen: [], deelzaken: [], hoofdzaken: [], andereZaken: [], statussen: [], relationNodes: [] };
  z.identificatie = textAt(object, 'identificatie');
  for (const c of object.children) {
    if (ATTRS.has(c.name)) {
      z.attributes.push(c);
      continue;
    }
    z.relationNodes.push(c);
    if (isNil(c) && !c.children.length) continue; // an empty relation (oud side of a T, nieuw side of a V)
    if (c.name === 'isVan') {
      const g = child(c, 'gerelateerde');
      z.zaaktype = { code: textAt(g, 'code'), omschrijving: textAt(g, 'omschrijving'), node: c };
    } else if (ROLES.has(c.name)) {
      const b: Betrokkene = { rol: c.name as BetrokkeneRol, node: c, ...readGerelateerde(child(c, 'gerelateerde')) };
      z.betrokkenen.push(b);
    } else if (c.name === 'heeftAlsDeelzaak') {
      const l = link(c);
      if (l) z.deelzaken.push(l);
    } else if (c.name === 'heeftAlsHoofdzaak') {
      const l = link(c);
      if (l) z.hoofdzaken.push(l);
    } else if (c.name === 'heeftBetrekkingOpAndere') {
      const l = link(c);
      if (l) z.andereZaken.push(l);
    } else if (c.name === 'heeft') {
      const s = status(c);
      if (s) z.statussen.push(s);
    }
  }
  // Tolerance for clients that flatten the zaaktype into zkt.* elements (schema-invalid; Haarlem taiga277).
  if (!z.zaaktype && (at(object, 'zkt.identificatie') || at(object, 'zkt.code'))) {
    const code = textAt(object, 'zkt.code') ?? textAt(object, 'zkt.identificatie');
    const omschrijving = textAt(object, 'zkt.omschrijving');
    const leaf = (name: string, text: string): XNode => ({ ns: 'ZKN', name, attrs: {}, children: [], text });
    const gerelateerde: XNode = { ns: 'ZKN', name: 'gerelateerde', attrs: { 'StUF:entiteittype': 'ZKT' },
      children: [...(omschrijving ? [leaf('omschrijving', omschrijving)] : []), ...(code ? [leaf('code', code)] : [])], text: '' };
    z.zaaktype = { code, omschrijving, node: { ns: 'ZKN', name: 'isVan', attrs: { 'StUF:entiteittype': 'ZAKZKT' }, children: [gerelateerde], text: '' } };
  }
  return z;
}

/** The value of a ZAK attribute in a ZaakInput (undefined when absent or nil). */
export function attribute(z: ZaakInput, name: string): string | undefined {
  return value(z.attributes.find((a) => a.name === name));
}

export const objects = (message: XNode): XNode[] => message.children.filter((c) => c.name === 'object');
export const mutatiesoort = (message: XNode): string | undefined => textAt(message, 'parameters', 'mutatiesoort');
export { at };
