// The selection of a zaak-vraag (StUF §6.3.1): gelijk / vanaf / totEnMet read into one typed criterion set.
// Criteria are AND-ed; an element is in gelijk or in the range, never both (StUF079); range elements are
// dates; criteria with noValue waardeOnbekend/nietOndersteund/nietGeautoriseerd are ignored (StUF §5.3).
import { BETROKKENE_ROLES, type BetrokkeneRol } from '../domain/zaak.ts';
import { StufError } from './errors.ts';
import { child, isNil, value, type XNode } from '../xml/tree.ts';

export interface Bereik {
  gelijk?: string;
  vanaf?: string;
  totEnMet?: string;
}

/** A betrokkene/zaakobject criterion: a row of that role with this BSN or identificatie must exist. */
export interface BetrokkeneCriterium {
  rol: BetrokkeneRol;
  bsn?: string;
  identificatie?: string;
}

export interface ZaakSelectie {
  identificatie?: string;
  omschrijving?: { waarde: string; exact: boolean };
  zaaktypeCode?: string;
  startdatum?: Bereik;
  registratiedatum?: Bereik;
  einddatum?: Bereik;
  /** einddatum with noValue geenWaarde: the zaak has no einddatum (open) */
  open?: boolean;
  betrokkenen: BetrokkeneCriterium[];
  /** gelijk/heeft/indicatieLaatsteStatus = J: answer only the current status */
  alleenLaatsteStatus: boolean;
  /** criteria the gateway cannot apply, reported as melding StUF0001 */
  genegeerd: string[];
}

const IGNORED_NOVALUE = new Set(['waardeOnbekend', 'nietOndersteund', 'nietGeautoriseerd']);
const ROLES = new Set<string>(BETROKKENE_ROLES);
const DATE_RANGE = new Set(['startdatum', 'registratiedatum', 'einddatum']);

const malformed = (details: string) => new StufError('StUF055', details, { plek: 'client' });

function checkDatum(name: string, v: string): string {
  if (!/^\d{8}$/.test(v)) throw malformed(`${name} '${v}' is geen StUF-datum (jjjjmmdd)`);
  return v;
}

/** BTR identificatie: the `11`+BSN convention for natural persons (guide §6.2), a bare BSN, or anything else. */
function btrIdentificatie(id: string): { bsn?: string; identificatie?: string } {
  if (/^11\d{9}$/.test(id)) return { bsn: id.slice(2) };
  if (/^\d{9}$/.test(id)) return { bsn: id };
  return { identificatie: id };
}

function readBetrokkene(rel: XNode, genegeerd: string[]): BetrokkeneCriterium | undefined {
  const rol = rel.name as BetrokkeneRol;
  const g = child(rel, 'gerelateerde');
  if (!g) {
    genegeerd.push(`${rel.name} zonder gerelateerde`);
    return undefined;
  }
  const id = value(child(g, 'identificatie'));
  const bsnInSubject = g.children.map((c) => value(child(c, 'inp.bsn'))).find((v) => v !== undefined);
  if (bsnInSubject !== undefined) return { rol, bsn: bsnInSubject };
  if (id !== undefined) {
    if (rol === 'heeftBetrekkingOp') {
      // OBJ: identificatie + typering NPS is a BSN; any other typering is compared as identificatie.
      const typering = value(child(g, 'typering'));
      if (typering === undefined || typering === 'NPS') {
        const r = btrIdentificatie(id);
        if (r.bsn) return { rol, bsn: r.bsn };
      }
      return { rol, identificatie: id };
    }
    return { rol, ...btrIdentificatie(id) };
  }
  const other = g.children.map((c) => value(child(c, 'identificatie')) ?? value(child(c, 'anp.identificatie')) ?? value(child(c, 'inn.nnpId'))
    ?? value(child(c, 'vestigingsNummer'))).find((v) => v !== undefined);
  if (other !== undefined) return { rol, identificatie: other };
  genegeerd.push(`${rel.name}/gerelateerde zonder identificatie of BSN`);
  return undefined;
}

/** Reads gelijk, vanaf and totEnMet of a ZAK vraag. */
export function readZaakSelectie(message: XNode): ZaakSelectie {
  const sel: ZaakSelectie = { betrokkenen: [], alleenLaatsteStatus: false, genegeerd: [] };
  const gelijk = child(message, 'gelijk');
  const vanaf = child(message, 'vanaf');
  const totEnMet = child(message, 'totEnMet');
  const inGelijk = new Set<string>();

  for (const c of gelijk?.children ?? []) {
    const noValue = c.attrs['StUF:noValue'];
    if (noValue && IGNORED_NOVALUE.has(noValue) && value(c) === undefined) continue;
    inGelijk.add(c.name);
    const v = value(c);
    switch (c.name) {
      case 'identificatie':
        if (v !== undefined) sel.identificatie = v;
        break;
      case 'omschrijving':
        if (v !== undefined) sel.omschrijving = { waarde: v, exact: c.attrs['StUF:exact'] !== 'false' };
        break;
      case 'startdatum':
      case 'registratiedatum':
        if (v !== undefined) sel[c.name] = { gelijk: checkDatum(c.name, v) };
        else sel.genegeerd.push(c.name);
        break;
      case 'einddatum':
        if (v !== undefined) sel.einddatum = { gelijk: checkDatum(c.name, v) };
        else if (isNil(c) || noValue === 'geenWaarde') sel.open = true;
        break;
      case 'isVan': {
        const code = value(child(child(c, 'gerelateerde'), 'code'));
        if (code !== undefined) sel.zaaktypeCode = code;
        else sel.genegeerd.push('isVan zonder gerelateerde/code');
        break;
      }
      case 'heeft': {
        const ind = value(child(c, 'indicatieLaatsteStatus'));
        if (ind === 'J') sel.alleenLaatsteStatus = true;
        else if (ind !== undefined || c.children.some((x) => x.name !== 'indicatieLaatsteStatus')) sel.genegeerd.push('heeft');
        break;
      }
      default:
        if (ROLES.has(c.name)) {
          const b = readBetrokkene(c, sel.genegeerd);
          if (b) sel.betrokkenen.push(b);
        } else {
          sel.genegeerd.push(c.name);
        }
    }
  }

  for (const [bound, node] of [['vanaf', vanaf], ['totEnMet', totEnMet]] as const) {
    for (const c of node?.children ?? []) {
      if (inGelijk.has(c.name)) {
        throw new StufError('StUF079', `${c.name} staat zowel in gelijk als in ${bound}`, { plek: 'client', omschrijving: 'Element komt zowel in gelijk als in vanaf/totEnMet voor' });
      }
      if (c.attrs['StUF:exact']) {
        throw new StufError('StUF082', `StUF:exact is niet toegestaan in ${bound}`, { plek: 'client', omschrijving: 'StUF:exact in vanaf/totEnMet' });
      }
      const v = value(c);
      if (v === undefined) continue;
      if (!DATE_RANGE.has(c.name)) {
        if (c.name === 'identificatie') {
          sel.genegeerd.push(`${bound}/identificatie`);
          continue;
        }
        sel.genegeerd.push(`${bound}/${c.name}`);
        continue;
      }
      const name = c.name as 'startdatum' | 'registratiedatum' | 'einddatum';
      sel[name] = { ...sel[name], [bound]: checkDatum(name, v) };
    }
  }
  return sel;
}

/** True when the selection names nothing at all (StUF: no criteria = all objects). */
export const isLeeg = (s: ZaakSelectie): boolean =>
  s.identificatie === undefined && !s.omschrijving && !s.zaaktypeCode && !s.startdatum && !s.registratiedatum && !s.einddatum &&
  s.open === undefined && !s.betrokkenen.length;
