// Applying a W kennisgeving (oud + nieuw ZAK object) to a stored zaak: the engine behind updateZaak,
// actualiseerZaakstatus and the plain zakLk01 W/C/F (guide §3.2 #3 #5, §5.1).
//
// 1. oud and nieuw denote the same, existing zaak (StUF064 otherwise); identificatie and zaaktype stay.
// 2. oud is compared with what is stored: every attribute for which oud states a value (or geenWaarde) must
//    equal the stored one, and every relation that oud names for a change (V, W, E, R) must exist. A mismatch
//    is a StUF058 fault naming the element, so that two writers cannot silently overwrite each other.
// 3. nieuw is applied: attribute with a value -> set; nil / geenWaarde / empty -> cleared; absent -> unchanged;
//    repeating attributes (kenmerk, anderZaakObject) replace the set. Relations by verwerkingssoort:
//    T add, V remove, W replace the relation element, E end (= remove, no history kept), R replace by
//    another relation, I identification only.
// 4. The zaak row is saved with the versie it was read with (optimistic concurrency): a concurrent writer
//    that committed in between turns this message into a fault instead of a lost update.
import { encodeContent } from '../store/nodes.ts';
import type { Knex } from 'knex';
import { log } from '../log.ts';
import { notFound, processing, StufCode, StufError } from '../stuf/errors.ts';
import {
  betrokkenen as storedBetrokkenen, columns, content, deleteBetrokkene, findZaak, insertBetrokkenen, replaceBetrokkene, sortAttributes,
  updateLinkNode, updateZaakContent, type BetrokkeneRow, type ZaakContent, type ZaakRow,
} from '../store/zaken.ts';
import { child, isNil, stuf, value, type XNode } from '../xml/tree.ts';
import { readZaak } from '../operations/read/zaak.ts';
import type { Catalogue } from './catalogue.ts';
import { addStatus } from './status.ts';
import { BETROKKENE_ROLES, REPEATING, type Betrokkene, type StatusInput, type ZaakInput, type ZaakLink } from './zaak.ts';
import { addAndereZaak, addDeelzaak, addHoofdzaak, removeLink, type Koppeling } from './zaakLinks.ts';

const ROLES = new Set<string>(BETROKKENE_ROLES);

/** History metadata: accepted, not compared (no formal history is kept, guide §5.5). */
const NOT_COMPARED = new Set(['identificatie', 'tijdvakGeldigheid', 'tijdstipRegistratie']);

/** Relations whose storage lives elsewhere (documents, besluiten): accepted and logged, not applied here. */
const ELSEWHERE = new Set(['heeftRelevant', 'leidtTot']);

export interface WijzigingResult {
  zaak: ZaakRow;
  statussenToegevoegd: number;
}

export interface WijzigingOptions {
  /** name of the service, for fault texts */
  service: string;
  /** strict: an oud that differs from the stored zaak is a StUF058 fault; log: it is logged and nieuw applied */
  oudCheck: 'strict' | 'log';
  /** gezinsplan/deelplan rules for deelzaak links */
  koppeling?: Koppeling;
  /** the gemeente whose zaken exist for this message */
  gemeente: string;
}

// ---------------------------------------------------------------------------------------------------
// Values

const norm = (s: string | undefined): string | undefined => {
  const t = s?.trim();
  return t === undefined || t === '' ? undefined : t;
};

const isLeaf = (n: XNode) => n.children.length === 0;

/** Does this element carry any value (a leaf with text, or a group with a valued leaf)? */
export function hasValue(n: XNode | undefined): boolean {
  if (!n || isNil(n)) return false;
  if (isLeaf(n)) return norm(value(n)) !== undefined;
  return n.children.some(hasValue);
}

/** An explicit "has no value" (StUF §3.4.1 geenWaarde), which oud may state and is then compared. */
const isGeenWaarde = (n: XNode) => stuf(n, 'noValue') === 'geenWaarde' && norm(n.text) === undefined && isLeaf(n);

/** The relation is empty: the oud side of a T, the nieuw side of a V. */
const isEmptyRelation = (n: XNode) => n.children.length === 0;

// ---------------------------------------------------------------------------------------------------
// 2. oud against stored

/**
 * Compares one element of oud with the stored element of the same name. Returns a description of the first
 * difference, or undefined. Only what oud states is compared: a value, or geenWaarde; elements without a value
 * (empty, or nil with waardeOnbekend/nietOndersteund or no noValue at all) are not a statement.
 */
function difference(path: string, oud: XNode, stored: XNode | undefined): string | undefined {
  if (isLeaf(oud)) {
    const sv = stored && isLeaf(stored) ? norm(value(stored)) : undefined;
    if (isGeenWaarde(oud)) return sv === undefined ? undefined : `${path}: oud zegt geen waarde, opgeslagen is '${sv}'`;
    const ov = norm(value(oud));
    if (ov === undefined) return undefined;
    if (ov !== sv) return `${path}: oud zegt '${ov}', opgeslagen is ${sv === undefined ? 'geen waarde' : `'${sv}'`}`;
    return undefined;
  }
  if (isNil(oud)) return undefined;
  for (const c of oud.children) {
    // extraElement: one per naam
    const naam = c.attrs.naam;
    const d = difference(naam ? `${path}/${c.name}[@naam=${naam}]` : `${path}/${c.name}`, c,
      stored?.children.find((s) => s.name === c.name && (naam === undefined || s.attrs.naam === naam)));
    if (d) return d;
  }
  return undefined;
}

/** Repeating attributes come complete: the valued oud entries must be the stored set. */
function setDifference(name: string, oud: XNode[], stored: XNode[]): string | undefined {
  const stated = oud.filter(hasValue);
  if (!stated.length) {
    // `<kenmerk xsi:nil StUF:noValue="geenWaarde"/>`: oud says there were none
    if (oud.some((o) => isGeenWaarde(o) || (isNil(o) && stuf(o, 'noValue') === 'geenWaarde')) && stored.some(hasValue)) {
      return `${name}: oud zegt geen waarde, opgeslagen zijn er ${stored.filter(hasValue).length}`;
    }
    return undefined;
  }
  const storedValued = stored.filter(hasValue);
  if (stated.length !== storedValued.length) return `${name}: oud noemt er ${stated.length}, opgeslagen zijn er ${storedValued.length}`;
  const free = [...storedValued];
  for (const o of stated) {
    const i = free.findIndex((s) => difference(name, o, s) === undefined);
    if (i < 0) return `${name}: oud noemt ${describe(o)}, dat is niet opgeslagen`;
    free.splice(i, 1);
  }
  return undefined;
}

const describe = (n: XNode): string => isLeaf(n) ? `'${norm(value(n)) ?? ''}'` : `{${n.children.filter(hasValue).map((c) => `${c.name}=${describe(c)}`).join(', ')}}`;

/** The first difference between the attributes an oud states and the stored ones (any object: ZAK, EDC, BSL). */
export function attributenVerschil(oud: XNode[], stored: XNode[]): string | undefined {
  const names = [...new Set(oud.map((a) => a.name))].filter((n) => !NOT_COMPARED.has(n));
  for (const name of names) {
    const o = oud.filter((a) => a.name === name);
    const s = stored.filter((a) => a.name === name);
    const d = REPEATING.has(name) ? setDifference(name, o, s) : difference(name, o[0], s[0]);
    if (d) return d;
  }
  return undefined;
}

const compareAttributes = (oud: ZaakInput, stored: ZaakContent): string | undefined => attributenVerschil(oud.attributes, stored.a);

// ---------------------------------------------------------------------------------------------------
// 3. nieuw onto stored

/** The stored attributes with nieuw applied: a sent element replaces, a nil/noValue one removes, an absent one stays. */
export function attributenToepassen(nieuw: XNode[], stored: XNode[]): XNode[] {
  let a = [...stored];
  const names = [...new Set(nieuw.map((x) => x.name))].filter((n) => n !== 'identificatie');
  for (const name of names) {
    const given = nieuw.filter((x) => x.name === name);
    a = a.filter((x) => x.name !== name);
    // REPEATING: the set is replaced; others: the last one wins (the XSD allows one).
    const keep = REPEATING.has(name) ? given.filter(hasValue) : given.slice(-1).filter(hasValue);
    a.push(...keep);
  }
  return a;
}

const applyAttributes = (nieuw: ZaakInput, stored: ZaakContent): ZaakContent => ({ ...stored, a: sortAttributes(attributenToepassen(nieuw.attributes, stored.a)) });

// ---------------------------------------------------------------------------------------------------
// Relations

/** Reads one relation element as readZaak would inside an object. */
function readRelation(n: XNode): ZaakInput {
  return readZaak({ ns: '', name: 'object', attrs: {}, children: [n], text: '' });
}

const betrokkeneOf = (n: XNode): Betrokkene | undefined => readRelation(n).betrokkenen[0];
const linkOf = (n: XNode): ZaakLink | undefined => {
  const z = readRelation(n);
  return z.deelzaken[0] ?? z.hoofdzaken[0] ?? z.andereZaken[0];
};
const statusOf = (n: XNode): StatusInput | undefined => readRelation(n).statussen[0];

function label(b: Betrokkene): string {
  return `${b.rol} ${b.soort ?? ''} ${b.identificatie ?? '(zonder identificatie)'}`.replace(/\s+/g, ' ');
}

/** The stored betrokkene that an oud relation names: same zaak, rol and identificatie (and soort if both know it). */
function match(rows: BetrokkeneRow[], b: Betrokkene, taken: Set<number>): BetrokkeneRow | undefined {
  const id = b.identificatie?.slice(0, 64) ?? null;
  const soort = b.soort?.slice(0, 8) ?? null;
  return rows.find((r) => !taken.has(r.id) && r.rol === b.rol && (r.identificatie ?? null) === id && (!soort || !r.soort || r.soort === soort));
}

interface Pair { name: string; oud?: XNode; nieuw?: XNode; soort: string }

/** Relations of oud and nieuw paired by name and position (they appear in the same order in both, StUF §5.2.6). */
function pairs(oud: ZaakInput, nieuw: ZaakInput): Pair[] {
  const out: Pair[] = [];
  const names = [...new Set([...oud.relationNodes, ...nieuw.relationNodes].map((r) => r.name))];
  for (const name of names) {
    const o = oud.relationNodes.filter((r) => r.name === name);
    const n = nieuw.relationNodes.filter((r) => r.name === name);
    for (let i = 0; i < Math.max(o.length, n.length); i++) {
      const soort = stuf(n[i], 'verwerkingssoort') ?? stuf(o[i], 'verwerkingssoort')
        ?? (o[i] && !isEmptyRelation(o[i]) ? (n[i] && !isEmptyRelation(n[i]) ? 'W' : 'V') : 'T');
      out.push({ name, oud: o[i], nieuw: n[i], soort });
    }
  }
  return out;
}

const filled = (n: XNode | undefined): XNode | undefined => (n && !isEmptyRelation(n) ? n : undefined);

class Relations {
  private rows: BetrokkeneRow[] | undefined;
  private taken = new Set<number>();
  readonly statussen: StatusInput[] = [];

  constructor(private trx: Knex, private zaak: ZaakRow, private opts: WijzigingOptions) {}

  private async stored(): Promise<BetrokkeneRow[]> {
    this.rows ??= await storedBetrokkenen(this.trx, [this.zaak.id]);
    return this.rows;
  }

  /** A relation that does not fit what is stored: a fault (oudCheck strict), or logged (oudCheck log). */
  private conflict(err: StufError): void {
    if (this.opts.oudCheck === 'strict') throw err;
    log.warn('relatie wijkt af van de opgeslagen zaak; nieuw wordt toch verwerkt (oudCheck=log)', { service: this.opts.service, zaak: this.zaak.identificatie, verschil: err.details });
  }

  /** The stored betrokkene a relation names; StUF064 (or, with oudCheck log, undefined) when there is none. */
  private async find(n: XNode, soort: string): Promise<BetrokkeneRow | undefined> {
    const b = betrokkeneOf(n);
    if (!b) throw processing(`${n.name} (verwerkingssoort ${soort}) noemt geen betrokkene`);
    const row = match(await this.stored(), b, this.taken);
    if (!row) {
      this.conflict(notFound(`Zaak ${this.zaak.identificatie} heeft geen ${label(b)} (verwerkingssoort ${soort} in oud)`));
      return undefined;
    }
    this.taken.add(row.id);
    return row;
  }

  private async add(n: XNode): Promise<void> {
    const b = betrokkeneOf(n);
    if (!b) return;
    const existing = match(await this.stored(), b, this.taken);
    if (existing) {
      this.conflict(processing(`Zaak ${this.zaak.identificatie} heeft al een ${label(b)}; toevoegen (verwerkingssoort T) kan niet`));
      this.taken.add(existing.id);
      await replaceBetrokkene(this.trx, this.zaak.id, existing.id, b);
      return;
    }
    await insertBetrokkenen(this.trx, this.zaak.id, [b]);
    this.rows = undefined;
  }

  /** Replaces the stored relation that `oud` names by `nieuw`; adds nieuw when (with oudCheck log) oud is not stored. */
  private async replace(name: string, oud: XNode, nieuw: XNode, soort: string): Promise<void> {
    const row = await this.find(oud, soort);
    const b = betrokkeneOf(nieuw);
    if (!b) throw processing(`${name} (verwerkingssoort ${soort}) in nieuw noemt geen betrokkene`);
    if (row) await replaceBetrokkene(this.trx, this.zaak.id, row.id, b);
    else await this.add(nieuw);
  }

  async apply(p: Pair): Promise<void> {
    const { name, soort } = p;
    const oud = filled(p.oud);
    const nieuw = filled(p.nieuw);
    if (name === 'isVan') return; // checked by zaaktypeDifference and checkNieuwZaaktype
    if (soort === 'I') return; // identification only: nothing changes
    if (ELSEWHERE.has(name)) {
      log.warn('relatie in updateZaak niet verwerkt', { zaak: this.zaak.identificatie, relatie: name, verwerkingssoort: soort });
      return;
    }
    if (ROLES.has(name)) return this.betrokkene(p, oud, nieuw);
    if (name === 'heeftAlsDeelzaak' || name === 'heeftAlsHoofdzaak' || name === 'heeftBetrekkingOpAndere') return this.link(p, oud, nieuw);
    if (name === 'heeft') {
      if (soort === 'T' && nieuw) {
        const s = statusOf(nieuw);
        if (s) this.statussen.push({ ...s, toelichting: norm(s.toelichting) });
        return;
      }
      if (!nieuw && !oud) return;
      throw processing(`Een status kan alleen worden toegevoegd (heeft met verwerkingssoort T), niet ${soort === 'V' || soort === 'E' ? 'verwijderd' : 'gewijzigd'}`);
    }
    log.warn('onbekende relatie in updateZaak genegeerd', { zaak: this.zaak.identificatie, relatie: name });
  }

  private async betrokkene(p: Pair, oud: XNode | undefined, nieuw: XNode | undefined): Promise<void> {
    const remove = async (n: XNode) => {
      const row = await this.find(n, p.soort);
      if (row) await deleteBetrokkene(this.trx, this.zaak.id, row.id);
    };
    switch (p.soort) {
      case 'T':
        // oud should be empty; clients that repeat the relation in oud mean "it is there": replace it
        if (oud && nieuw) await this.replace(p.name, oud, nieuw, 'T');
        else if (nieuw) await this.add(nieuw);
        return;
      case 'V':
      case 'E':
        if (oud ?? nieuw) await remove((oud ?? nieuw)!);
        return;
      case 'W':
        if (nieuw) await this.replace(p.name, oud ?? nieuw, nieuw, 'W');
        else if (oud) await remove(oud);
        return;
      case 'R':
        if (oud) await remove(oud);
        if (nieuw) await this.add(nieuw);
        return;
      default:
        throw processing(`verwerkingssoort ${p.soort} wordt op ${p.name} niet ondersteund`);
    }
  }

  private async link(p: Pair, oud: XNode | undefined, nieuw: XNode | undefined): Promise<void> {
    const soort = p.name === 'heeftBetrekkingOpAndere' ? 'BTR' : 'DEL';
    const reverse = p.name === 'heeftAlsHoofdzaak';
    const add = async (n: XNode) => {
      const l = linkOf(n);
      if (!l) throw processing(`${p.name} in nieuw noemt geen zaak (gerelateerde/identificatie)`);
      if (p.name === 'heeftAlsDeelzaak') await addDeelzaak(this.trx, this.zaak, l, this.opts.koppeling);
      else if (reverse) await addHoofdzaak(this.trx, this.zaak, l, this.opts.koppeling);
      else await addAndereZaak(this.trx, this.zaak, l);
    };
    const remove = async (n: XNode) => {
      const l = linkOf(n);
      if (!l) throw processing(`${p.name} in oud noemt geen zaak (gerelateerde/identificatie)`);
      await removeLink(this.trx, this.zaak, l, soort, reverse);
    };
    switch (p.soort) {
      case 'T':
        if (nieuw) await add(nieuw);
        return;
      case 'V':
      case 'E':
        if (oud ?? nieuw) await remove((oud ?? nieuw)!);
        return;
      case 'R':
        if (oud) await remove(oud);
        if (nieuw) await add(nieuw);
        return;
      case 'W': {
        if (!nieuw) {
          if (oud) await remove(oud);
          return;
        }
        const l = linkOf(nieuw);
        const other = l && await findZaak(this.trx, l.identificatie, this.zaak.gemeente);
        if (!l || !other) throw notFound(`${p.name}: zaak ${l?.identificatie ?? '(zonder identificatie)'} bestaat niet`);
        const n = reverse ? await updateLinkNode(this.trx, other.id, this.zaak.id, soort, nieuw) : await updateLinkNode(this.trx, this.zaak.id, other.id, soort, nieuw);
        if (!n) throw notFound(`Relatie ${p.name} tussen zaak ${this.zaak.identificatie} en ${other.identificatie} bestaat niet`);
        return;
      }
      default:
        throw processing(`verwerkingssoort ${p.soort} wordt op ${p.name} niet ondersteund`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// The engine

/** A StUF058 for an oud that does not match the stored zaak. */
const mismatch = (zaak: string, what: string) =>
  new StufError(StufCode.processing, `Oud komt niet overeen met de opgeslagen zaak ${zaak}: ${what}`.slice(0, 1000));

/** The zaaktype of oud must be the stored one; nieuw cannot change it (ZDS12 §4.1.5). */
function zaaktypeDifference(zaak: ZaakRow, z: ZaakInput): string | undefined {
  const code = norm(z.zaaktype?.code);
  if (!code || !zaak.zaaktype_code || code === zaak.zaaktype_code) return undefined;
  return `isVan/gerelateerde/code: oud zegt '${code}', opgeslagen is '${zaak.zaaktype_code}'`;
}

function checkNieuwZaaktype(zaak: ZaakRow, z: ZaakInput): void {
  const code = norm(z.zaaktype?.code);
  if (!code || !zaak.zaaktype_code || code === zaak.zaaktype_code) return;
  throw processing(`Het zaaktype van zaak ${zaak.identificatie} kan niet worden gewijzigd (van '${zaak.zaaktype_code}' naar '${code}')`);
}

/** The stored zaak an object names (StUF064 when unknown). */
export async function zaakOf(trx: Knex, object: XNode, gemeente: string): Promise<ZaakRow> {
  const id = norm(value(child(object, 'identificatie')));
  if (!id) throw new StufError(StufCode.schema, 'Het object heeft geen identificatie (kerngegeven)');
  const zaak = await findZaak(trx, id, gemeente);
  if (!zaak) throw notFound(`Zaak ${id} bestaat niet`);
  return zaak;
}

/** Compares a description of a zaak (the oud object, or the object of a V) with the stored zaak. */
export function compareWithStored(zaak: ZaakRow, oud: ZaakInput, opts: Pick<WijzigingOptions, 'service' | 'oudCheck'>): void {
  const d = zaaktypeDifference(zaak, oud) ?? compareAttributes(oud, content(zaak));
  if (!d) return;
  if (opts.oudCheck === 'log') {
    log.warn('oud wijkt af van de opgeslagen zaak; nieuw wordt toch verwerkt (oudCheck=log)', { service: opts.service, zaak: zaak.identificatie, verschil: d });
    return;
  }
  throw mismatch(zaak.identificatie, d);
}

/**
 * Applies oud/nieuw to the stored zaak. Without oud (a client that sends only the new state, e.g. Open Forms'
 * one-object updateZaak) nothing can be compared: nieuw is applied as it is.
 */
export async function applyWijziging(trx: Knex, catalogue: Catalogue, oudObject: XNode | undefined, nieuwObject: XNode, opts: WijzigingOptions): Promise<WijzigingResult> {
  const nieuw = readZaak(nieuwObject);
  const oud = oudObject ? readZaak(oudObject) : { ...readZaak({ ...nieuwObject, children: [] }), identificatie: nieuw.identificatie };
  const oudId = norm(oud.identificatie);
  const nieuwId = norm(nieuw.identificatie);
  if (!oudId) throw new StufError(StufCode.schema, `${opts.service}: het ${oudObject ? 'oud-' : ''}object heeft geen identificatie`);
  if (nieuwId !== undefined && nieuwId !== oudId) {
    throw processing(`${opts.service}: de identificatie van een zaak kan niet worden gewijzigd (oud ${oudId}, nieuw ${nieuwId})`);
  }
  if (nieuwId === undefined && child(nieuwObject, 'identificatie')) {
    throw processing(`${opts.service}: de identificatie van zaak ${oudId} kan niet worden leeggemaakt`);
  }
  let zaak = await zaakOf(trx, oudObject ?? nieuwObject, opts.gemeente);

  // 2. oud against stored
  compareWithStored(zaak, oud, opts);
  checkNieuwZaaktype(zaak, nieuw);

  // 3. attributes; the versie guards against a writer that committed since we read the row
  const c = applyAttributes(nieuw, content(zaak));
  if (!(await updateZaakContent(trx, zaak, c))) {
    throw processing(`Zaak ${zaak.identificatie} is tegelijk door een ander bericht gewijzigd; stuur de wijziging opnieuw met de actuele oud-gegevens`);
  }
  zaak = { ...zaak, ...columns(c.a), attributen: encodeContent(c), versie: zaak.versie + 1 };

  // relations
  const rel = new Relations(trx, zaak, opts);
  for (const p of pairs(oud, nieuw)) await rel.apply(p);
  for (const s of rel.statussen) zaak = await addStatus(trx, catalogue, zaak, s);
  return { zaak, statussenToegevoegd: rel.statussen.length };
}
