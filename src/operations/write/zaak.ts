// Scope-aware rendering of a ZAK answer object (zakLa01 / ZDS 1.2 *_ZakLa01). Element order is the XSD
// sequence (ZAK-antwoord): attributes, StUF metadata, then relations; answer objects and relations carry
// StUF:entiteittype and never StUF:verwerkingssoort. What is asked but absent is nil with StUF:noValue.
import { decodeContent, decodeNode } from '../../store/nodes.ts';
import { qname } from '../../xml/writer.ts';
import { ZAAK_ATTRIBUTES, ZAAK_RELATIONS } from '../../domain/zaak.ts';
import type { BetrokkeneRow, StatusRow, ZaakContent, ZaakRow } from '../../store/zaken.ts';
import type { ZaakLinkRow } from '../../store/zoeken.ts';
import type { ZaakDocumentRow } from '../../store/documenten.ts';
import { renderHeeftRelevant } from './document.ts';
import type { BesluitRow } from '../../store/besluiten.ts';
import { renderLeidtTot } from './besluit.ts';
import type { Statustype, Zaaktype } from '../../domain/catalogue.ts';
import { gerelateerdeScope, isAll, sub, withMeta, type Scope } from '../../stuf/scope.ts';
import { PREFIX_OF } from '../../xml/namespaces.ts';
import { child, isNil, type XNode } from '../../xml/tree.ts';
import { esc, leaf, nil } from '../../xml/writer.ts';

/** Which answer type the object must satisfy. */
export type AntwoordVorm =
  | 'generiek' // ZKN ZAK-antwoord (zakLa01, ZDS 1.1 and plain StUF-ZKN)
  | 'details' // ZDS 1.2 GeefZaakDetails-ZAK-antwoord (identificatie required)
  | 'status' // ZDS 1.2 GeefZaakStatus-ZAK-antwoord: identificatie, omschrijving, isVan, heeft (1..n)
  | 'documenten' // ZDS 1.2 GeefLijstZaakDocumenten-ZAK-antwoord: identificatie, omschrijving, isVan, heeftRelevant (1..n)
  | 'besluiten'; // ZDS 1.2 GeefLijstBesluiten-ZAK-antwoord: identificatie, isVan, leidtTot

export const RELATIE_ENTITEITTYPE: Record<string, string> = {
  isVan: 'ZAKZKT', heeftBetrekkingOp: 'ZAKOBJ', heeftAlsBelanghebbende: 'ZAKBTRBLH', heeftAlsGemachtigde: 'ZAKBTRGMC',
  heeftAlsInitiator: 'ZAKBTRINI', heeftAlsUitvoerende: 'ZAKBTRUTV', heeftAlsVerantwoordelijke: 'ZAKBTRVRA',
  heeftAlsOverigBetrokkene: 'ZAKBTROVR', heeftAlsDeelzaak: 'ZAKZAKDEL', heeftAlsHoofdzaak: 'ZAKZAKHFD',
  heeftBetrekkingOpAndere: 'ZAKZAKBTR', heeft: 'ZAKSTT', heeftRelevant: 'ZAKEDC', leidtTot: 'ZAKBSL',
};

const ROLE_RELATIONS = new Set(['heeftBetrekkingOp', 'heeftAlsBelanghebbende', 'heeftAlsGemachtigde', 'heeftAlsInitiator',
  'heeftAlsUitvoerende', 'heeftAlsVerantwoordelijke', 'heeftAlsOverigBetrokkene']);
const LINK_RELATIONS = new Set(['heeftAlsDeelzaak', 'heeftAlsHoofdzaak', 'heeftBetrekkingOpAndere']);

/** StUF groups/metadata that are not nillable: never answered as nil. */
export const NOT_NILLABLE = new Set(['tijdvakGeldigheid', 'tijdstipRegistratie', 'extraElementen', 'tijdvakRelatie', 'historieMaterieel', 'historieFormeel', 'historieFormeelRelatie']);
/** ZAK groups: nillable, but StUF:noValue is not allowed on them (ZKN *Grp types). */
const GROEPEN = new Set(['kenmerk', 'anderZaakObject', 'resultaat', 'opschorting', 'verlenging']);
/** An attribute without value: nil with StUF:noValue, but bare xsi:nil on the groups (the same in answers and kennisgevingen). */
export const nilAttr = (a: string) => (GROEPEN.has(a) ? `<${Z(a)} xsi:nil="true"/>` : nil(Z(a)));
const METAGEGEVENS = new Set(['tijdvakGeldigheid', 'tijdstipRegistratie', 'tijdvakRelatie', 'historieMaterieel', 'historieFormeel', 'historieFormeelRelatie']);

/** Relation-level attributes that may be answered as nil when asked but not stored (all nillable in the answer types). */
const RELATIE_ATTRIBUTEN: Record<string, string[]> = {
  heeftBetrekkingOp: ['omschrijving'],
  heeftAlsBelanghebbende: ['code', 'omschrijving', 'toelichting'],
  heeftAlsGemachtigde: ['code', 'omschrijving', 'toelichting'],
  heeftAlsInitiator: ['code', 'omschrijving', 'toelichting'],
  heeftAlsUitvoerende: ['code', 'omschrijving', 'toelichting'],
  heeftAlsVerantwoordelijke: ['code', 'omschrijving', 'toelichting'],
  heeftAlsOverigBetrokkene: ['code', 'omschrijving', 'toelichting'],
};

/** ZAK attributes of ZAK-gerelateerdeAntwoord (deelzaak, hoofdzaak, andere zaak), in XSD order. */
const GERELATEERDE_ZAAK_ATTRIBUTEN = ['identificatie', 'omschrijving', 'toelichting', 'resultaat', 'startdatum', 'publicatiedatum',
  'einddatumGepland', 'uiterlijkeEinddatum', 'einddatum', 'opschorting', 'verlenging', 'tijdvakGeldigheid', 'tijdstipRegistratie', 'extraElementen'];

const ALLOWED: Record<AntwoordVorm, Set<string> | undefined> = {
  generiek: undefined,
  details: undefined,
  status: new Set(['identificatie', 'omschrijving', 'isVan', 'heeft']),
  documenten: new Set(['identificatie', 'omschrijving', 'isVan', 'heeftRelevant']),
  besluiten: new Set(['identificatie', 'isVan', 'leidtTot']),
};

/** Everything the writer needs for one zaak, loaded for the whole page beforehand. */
export interface ZaakData {
  row: ZaakRow;
  content: ZaakContent;
  betrokkenen: BetrokkeneRow[];
  statussen: StatusRow[];
  links: ZaakLinkRow[];
  /** ZAKEDC links with their documents (loaded when the scope asks heeftRelevant) */
  documenten?: ZaakDocumentRow[];
  /** the zaak's besluiten (loaded when the scope asks leidtTot) */
  besluiten?: BesluitRow[];
}

export interface RenderContext {
  vorm: AntwoordVorm;
  zaaktypen: Map<string, Zaaktype>;
  statustypen: Map<string, Statustype>;
  /** only the current status (gelijk/heeft/indicatieLaatsteStatus = J) */
  alleenLaatsteStatus: boolean;
  /** statussen of linked zaken, by zaak id (loaded when the scope asks e.g. heeftAlsDeelzaak/gerelateerde/heeft) */
  gerelateerdeStatussen?: Map<number, StatusRow[]>;
}

const Z = (local: string) => `ZKN:${local}`;

/** Attributes never written in answers: verwerkingssoort belongs to kennisgevingen, scope to vragen. */
const omitAttr = (k: string) => k === 'StUF:verwerkingssoort' || k === 'StUF:scope';

function attrString(node: XNode): string {
  let s = '';
  const hasText = node.text !== '' || node.children.length > 0;
  for (const k in node.attrs) {
    if (omitAttr(k)) continue;
    // A value sent together with noValue/nil: the value wins (guide §7.6).
    if (hasText && (k === 'StUF:noValue' || k === 'xsi:nil')) continue;
    s += ` ${k}="${esc(node.attrs[k])}"`;
  }
  return s;
}

/**
 * Renders a stored node, keeping only what the scope asks. `scope` undefined or "all" = the whole node.
 * A relation's `gerelateerde` is required by every answer type, so it is always kept.
 */
export function renderStored(node: XNode, scope: Scope | undefined, nilFill: string[] = []): string {
  const tag = qname(node);
  const attrs = attrString(node);
  if (!node.children.length) return node.text === '' ? `<${tag}${attrs}/>` : `<${tag}${attrs}>${esc(node.text)}</${tag}>`;
  const all = !scope || isAll(scope) || scope.keyword === 'kerngegevens';
  const noMeta = scope?.keyword !== undefined && !withMeta(scope);
  const parts: [string, string][] = [];
  for (const c of node.children) {
    if (noMeta && METAGEGEVENS.has(c.name)) continue;
    if (all) {
      parts.push([c.name, renderStored(c, undefined)]);
      continue;
    }
    const s = scope!.children.get(c.name);
    if (s) parts.push([c.name, renderStored(c, isAll(s) ? undefined : s)]);
    else if (c.name === 'gerelateerde') parts.push([c.name, renderStored(c, undefined)]);
  }
  // NPS/NNP answers require authentiek right after inp.bsn / inn.nnpId (BG *-zkn-antwoord): what we hold comes from a
  // kennisgeving, not from the basisregistratie, so it is not authentic.
  const idAt = parts.findIndex(([n]) => n === 'inp.bsn' || n === 'inn.nnpId');
  if (idAt !== -1 && !parts.some(([n]) => n === 'authentiek')) parts.splice(idAt + 1, 0, ['authentiek', AUTHENTIEK_N]);
  // Relation attributes asked but not stored: nil, placed in XSD order (gerelateerde, code, omschrijving, toelichting, ...).
  if (!all && nilFill.length) {
    for (const m of nilFill) {
      if (!scope!.children.has(m) || node.children.some((c) => c.name === m)) continue;
      const pos = RELATIE_VOLGORDE.indexOf(m);
      let at = 0;
      parts.forEach(([n], i) => { const k = RELATIE_VOLGORDE.indexOf(n); if (k !== -1 && k < pos) at = i + 1; });
      parts.splice(at, 0, [m, nil(Z(m))]);
    }
  }
  return `<${tag}${attrs}>${parts.map((x) => x[1]).join('')}</${tag}>`;
}

const RELATIE_VOLGORDE = ['gerelateerde', 'code', 'omschrijving', 'toelichting'];
const AUTHENTIEK_N = '<BG:authentiek StUF:metagegeven="true">N</BG:authentiek>';

function nilRelatie(rel: string): string {
  return nil(Z(rel), 'geenWaarde', { 'StUF:entiteittype': RELATIE_ENTITEITTYPE[rel] });
}

/** What the answer object will contain: attribute and relation names, per the scope and answer form. */
interface Plan {
  attributes: { name: string; scope: Scope | undefined; nilIfAbsent: boolean }[];
  relations: { name: string; scope: Scope | undefined; nilIfAbsent: boolean }[];
}

function plan(scope: Scope, vorm: AntwoordVorm): Plan {
  const allowed = ALLOWED[vorm];
  const ok = (n: string) => !allowed || allowed.has(n);
  const p: Plan = { attributes: [], relations: [] };
  if (scope.keyword !== undefined) {
    const kern = scope.keyword === 'kerngegevens';
    const meta = withMeta(scope);
    for (const a of ZAAK_ATTRIBUTES) {
      if (!ok(a) || (kern && a !== 'identificatie' && a !== 'omschrijving') || (!meta && METAGEGEVENS.has(a))) continue;
      p.attributes.push({ name: a, scope: undefined, nilIfAbsent: false });
    }
    const relScope = kern ? undefined : gerelateerdeScope(scope.keyword);
    for (const r of ZAAK_RELATIONS) {
      if (!ok(r) || (kern && r !== 'isVan')) continue;
      p.relations.push({ name: r, scope: kern ? { keyword: 'kerngegevens', children: new Map(), empty: false } : relScope, nilIfAbsent: false });
    }
    return p;
  }
  for (const a of ZAAK_ATTRIBUTES) {
    const s = sub(scope, a);
    if (a === 'identificatie' || (s && ok(a))) p.attributes.push({ name: a, scope: s, nilIfAbsent: !NOT_NILLABLE.has(a) });
  }
  for (const r of ZAAK_RELATIONS) {
    const s = sub(scope, r);
    if (s && ok(r)) p.relations.push({ name: r, scope: s, nilIfAbsent: true });
  }
  return p;
}

/** Which relation tables a scope needs, so that the engine loads only those. */
export function benodigd(scope: Scope, vorm: AntwoordVorm): {
  rollen: string[]; statussen: boolean; links: boolean; gerelateerdeStatussen: boolean; documenten: boolean; besluiten: boolean;
} {
  const relations = plan(scope, vorm).relations;
  const rel = relations.map((r) => r.name);
  const links = relations.filter((r) => LINK_RELATIONS.has(r.name));
  return {
    rollen: rel.filter((r) => ROLE_RELATIONS.has(r)),
    statussen: rel.includes('heeft') || vorm === 'status',
    links: links.length > 0,
    // a linked zaak's statussen only when a scope tree names them (gerelateerde/heeft); keywords never include them
    gerelateerdeStatussen: links.some((r) => !!sub(sub(r.scope, 'gerelateerde'), 'heeft') && r.scope?.keyword === undefined),
    documenten: rel.includes('heeftRelevant') || vorm === 'documenten',
    besluiten: rel.includes('leidtTot') || vorm === 'besluiten',
  };
}

function renderAttribute(a: Plan['attributes'][number], stored: XNode[]): string {
  const nodes = stored.filter((n) => n.name === a.name);
  if (!nodes.length) return a.nilIfAbsent ? nilAttr(a.name) : '';
  return nodes.map((n) => renderStored(n, a.scope && !isAll(a.scope) ? a.scope : undefined)).join('');
}

/** isVan from the catalogue (omschrijving, omschrijvingGeneriek) and what the client sent (code, other ZKT fields). */
function renderIsVan(d: ZaakData, scope: Scope | undefined, rc: RenderContext, nilIfAbsent: boolean): string {
  const code = d.row.zaaktype_code ?? undefined;
  if (!code) return nilIfAbsent ? nilRelatie('isVan') : '';
  const zt = rc.zaaktypen.get(code);
  const sent = child(d.content.isVan, 'gerelateerde');
  const gs = sub(scope, 'gerelateerde');
  const kern = !scope || scope.keyword !== undefined || !gs || isAll(gs);
  const asked = (n: string) => kern || gs!.children.has(n);
  const fields: [string, string | undefined][] = [
    ['omschrijving', zt?.omschrijving ?? sent?.children.find((c) => c.name === 'omschrijving')?.text],
    ['code', code],
    ['omschrijvingGeneriek', zt?.omschrijving_generiek ?? undefined],
  ];
  let inner = '';
  for (const [n, v] of fields) {
    if (!asked(n)) continue;
    if (v !== undefined && v !== '') inner += leaf(Z(n), v);
    else if (!kern) inner += nil(Z(n));
  }
  for (const c of sent?.children ?? []) {
    if (c.name === 'omschrijving' || c.name === 'code' || c.name === 'omschrijvingGeneriek') continue;
    if (kern ? scope?.keyword !== 'kerngegevens' || c.name === 'ingangsdatumObject' : gs!.children.has(c.name)) inner += renderStored(c, undefined);
  }
  return `<ZKN:isVan StUF:entiteittype="ZAKZKT"><ZKN:gerelateerde StUF:entiteittype="ZKT">${inner}</ZKN:gerelateerde></ZKN:isVan>`;
}

function renderRol(rel: string, rows: BetrokkeneRow[], scope: Scope | undefined, nilIfAbsent: boolean): string {
  if (!rows.length) return nilIfAbsent ? nilRelatie(rel) : '';
  const s = scope && !isAll(scope) && scope.keyword === undefined ? scope : undefined;
  const noMeta = scope?.keyword !== undefined && !withMeta(scope);
  return rows.map((r) => {
    const node = decodeNode(r.node);
    if (isNil(node) && !node.children.length) return nilRelatie(rel);
    const n = { ...node, attrs: { ...node.attrs, 'StUF:entiteittype': node.attrs['StUF:entiteittype'] ?? RELATIE_ENTITEITTYPE[rel] } };
    return renderStored(n, noMeta ? scope : s, s ? RELATIE_ATTRIBUTEN[rel] : []);
  }).join('');
}

/** A gerelateerde zaak (deelzaak, hoofdzaak, andere zaak) as ZAK-gerelateerdeAntwoord. */
export function renderGerelateerdeZaak(z: ZaakRow, scope: Scope | undefined, rc: RenderContext): string {
  const c = decodeContent(z.attributen);
  const tree = scope && scope.keyword === undefined && !isAll(scope) ? scope : undefined;
  const kern = scope?.keyword === 'kerngegevens';
  const meta = !scope || withMeta(scope);
  let inner = '';
  for (const a of GERELATEERDE_ZAAK_ATTRIBUTEN) {
    if (tree ? !tree.children.has(a) && a !== 'identificatie' : (kern && a !== 'identificatie' && a !== 'omschrijving') || (!meta && METAGEGEVENS.has(a))) continue;
    const nodes = c.a.filter((n) => n.name === a);
    if (nodes.length) {
      const s = tree?.children.get(a);
      inner += nodes.map((n) => renderStored(n, s && !isAll(s) ? s : undefined)).join('');
    } else if (a === 'identificatie') inner += leaf(Z('identificatie'), z.identificatie);
    else if (tree && !NOT_NILLABLE.has(a)) inner += nilAttr(a);
  }
  const isVanScope = tree ? tree.children.get('isVan') : scope;
  const d: ZaakData = { row: z, content: c, betrokkenen: [], statussen: rc.gerelateerdeStatussen?.get(z.id) ?? [], links: [] };
  if (!tree || isVanScope) inner += renderIsVan(d, isVanScope ?? { keyword: 'kerngegevens', children: new Map(), empty: false }, rc, !!tree);
  // the linked zaak's statussen, newest first (indicatieLaatsteStatus J: the current one): a gezinsplan with the progress of its deelplannen
  const heeft = tree?.children.get('heeft');
  if (heeft) inner += renderStatussen(d, isAll(heeft) ? undefined : heeft, { ...rc, vorm: 'generiek', alleenLaatsteStatus: false }, true);
  return `<ZKN:gerelateerde StUF:entiteittype="ZAK">${inner}</ZKN:gerelateerde>`;
}

function renderLinks(rel: string, links: ZaakLinkRow[], scope: Scope | undefined, rc: RenderContext, nilIfAbsent: boolean): string {
  const mine = links.filter((l) => l.relatie === rel);
  if (!mine.length) return nilIfAbsent ? nilRelatie(rel) : '';
  const gs = scope?.keyword !== undefined ? (scope.keyword === 'kerngegevens' ? scope : { keyword: 'kerngegevens' as const, children: new Map(), empty: false })
    : sub(scope, 'gerelateerde');
  return mine.map((l) => `<${Z(rel)} StUF:entiteittype="${RELATIE_ENTITEITTYPE[rel]}">${renderGerelateerdeZaak(l.andere, gs, rc)}</${Z(rel)}>`).join('');
}

/** The statussen, newest first; indicatieLaatsteStatus derived; STT filled from the catalogue. */
function renderStatussen(d: ZaakData, scope: Scope | undefined, rc: RenderContext, nilIfAbsent: boolean): string {
  const strict = rc.vorm === 'status';
  let rows = d.statussen;
  if (rc.alleenLaatsteStatus) rows = rows.slice(0, 1);
  if (!rows.length) return nilIfAbsent || strict ? nilRelatie('heeft') : '';
  const tree = scope && scope.keyword === undefined && !isAll(scope) ? scope : undefined;
  const asked = (n: string) => !tree || tree.children.has(n);
  const gs = tree ? sub(tree, 'gerelateerde') : undefined;
  const gtree = gs && !isAll(gs) ? gs : undefined;
  const gAsked = (n: string) => !gtree || gtree.children.has(n);
  const zt = d.row.zaaktype_code ? rc.zaaktypen.get(d.row.zaaktype_code) : undefined;
  return rows.map((s, i) => {
    const node = decodeNode(s.node);
    const st = rc.statustypen.get(`${s.zaaktype_code}/${s.volgnummer}`);
    const stt: [string, string | number | null | undefined, boolean][] = [
      ['zkt.code', s.zaaktype_code, false],
      ['zkt.omschrijving', zt?.omschrijving ?? s.zaaktype_code, strict],
      ['volgnummer', s.volgnummer, strict],
      ['code', st?.code, false],
      ['omschrijving', s.omschrijving ?? st?.omschrijving, false],
    ];
    let g = '';
    for (const [n, v, required] of stt) {
      if (!required && !gAsked(n)) continue;
      g += v !== undefined && v !== null && v !== '' ? leaf(Z(n), v) : nil(Z(n));
    }
    let inner = `<ZKN:gerelateerde StUF:entiteittype="STT">${g}</ZKN:gerelateerde>`;
    if (strict || asked('toelichting')) inner += s.toelichting ? leaf(Z('toelichting'), s.toelichting) : (strict || tree ? nil(Z('toelichting')) : '');
    const gezet = node.children.find((c) => c.name === 'datumStatusGezet')?.text || s.datum_status_gezet;
    if (strict || asked('datumStatusGezet')) inner += leaf(Z('datumStatusGezet'), gezet);
    // indicatieLaatsteStatus: J for the newest status of the zaak (the list is sorted, so the first one).
    // The ZDS 1.2 status answer types it Indicatie-r (only J): older statussen get nil there.
    if (strict || asked('indicatieLaatsteStatus')) inner += i === 0 ? leaf(Z('indicatieLaatsteStatus'), 'J') : strict ? nil(Z('indicatieLaatsteStatus')) : leaf(Z('indicatieLaatsteStatus'), 'N');
    const meta = !scope || withMeta(scope);
    for (const m of ['tijdvakRelatie', 'tijdvakGeldigheid', 'tijdstipRegistratie', 'extraElementen']) {
      const c = node.children.find((x) => x.name === m);
      if (c && (tree ? tree.children.has(m) : meta || m === 'extraElementen')) inner += renderStored(c, undefined);
    }
    const door = node.children.find((c) => c.name === 'isGezetDoor');
    if (door && !isNil(door) && (tree ? tree.children.has('isGezetDoor') : true)) {
      const ds = tree?.children.get('isGezetDoor');
      const n = { ...door, attrs: { ...door.attrs, 'StUF:entiteittype': door.attrs['StUF:entiteittype'] ?? 'ZAKSTTBTR' } };
      inner += renderStored(n, ds && !isAll(ds) ? ds : undefined);
    } else if (tree?.children.has('isGezetDoor')) {
      inner += nil(Z('isGezetDoor'), 'geenWaarde', { 'StUF:entiteittype': 'ZAKSTTBTR' });
    }
    return `<ZKN:heeft StUF:entiteittype="ZAKSTT">${inner}</ZKN:heeft>`;
  }).join('');
}

/** One `antwoord/object` for a zaak. */
export function renderZaak(d: ZaakData, scope: Scope, rc: RenderContext): string {
  const p = plan(scope, rc.vorm);
  let out = `<ZKN:object StUF:entiteittype="ZAK" StUF:sleutelVerzendend="${d.row.id}">`;
  for (const a of p.attributes) {
    if (a.name === 'identificatie') {
      const stored = d.content.a.find((n) => n.name === 'identificatie');
      out += stored && stored.text ? renderStored(stored, undefined) : leaf(Z('identificatie'), d.row.identificatie);
      continue;
    }
    out += renderAttribute(a, d.content.a);
  }
  let heeftRelevant = false;
  let leidtTot = false;
  for (const r of p.relations) {
    if (r.name === 'isVan') out += renderIsVan(d, r.scope, rc, r.nilIfAbsent);
    else if (ROLE_RELATIONS.has(r.name)) out += renderRol(r.name, d.betrokkenen.filter((b) => b.rol === r.name), r.scope, r.nilIfAbsent);
    else if (LINK_RELATIONS.has(r.name)) out += renderLinks(r.name, d.links, r.scope, rc, r.nilIfAbsent);
    else if (r.name === 'heeft') out += renderStatussen(d, r.scope, rc, r.nilIfAbsent);
    else if (r.name === 'heeftRelevant') {
      heeftRelevant = true;
      const docs = d.documenten ?? [];
      if (docs.length) out += renderHeeftRelevant(docs, r.scope, rc.vorm === 'documenten');
      else if (r.nilIfAbsent || rc.vorm === 'documenten') out += nilRelatie(r.name);
    } else if (r.name === 'leidtTot') {
      leidtTot = true;
      const rows = d.besluiten ?? [];
      if (rows.length) out += renderLeidtTot(rows, r.scope, rc.vorm === 'besluiten');
      else if (r.nilIfAbsent) out += nilRelatie(r.name);
    }
  }
  // The ZDS 1.2 status and documenten answers require at least one heeft / heeftRelevant.
  if (rc.vorm === 'status' && !p.relations.some((r) => r.name === 'heeft')) out += renderStatussen(d, undefined, rc, true);
  if (rc.vorm === 'besluiten' && !leidtTot && d.besluiten?.length) out += renderLeidtTot(d.besluiten, undefined, true);
  if (rc.vorm === 'documenten' && !heeftRelevant) {
    out += d.documenten?.length ? renderHeeftRelevant(d.documenten, undefined, true) : nilRelatie('heeftRelevant');
  }
  return `${out}</ZKN:object>`;
}

