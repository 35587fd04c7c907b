// Reading a server's answer and checking it against a manifest entry's expectation. Checks return a list of
// problems (empty = pass) so the runner can tally and report every failure, not only the first.
import { XmlDocument, XmlElement, type XmlTreeNode } from 'libxml2-wasm';
import type { Bundle, Validators } from '../xsd/validators.ts';
import type { ManifestFile } from './manifest.ts';

export interface Answer {
  status: number;
  contentType: string;
  text: string;
}

/** What the answer is: a StUF answer class (Bv03, La01, Du02, Bv02, Fo02, Fo03) or `HTTP <status>` when it is no SOAP answer. */
export interface Reading {
  kind: string;
  root?: string;
  faultCode?: string;
  faultDetails?: string;
  crossRefnummer?: string;
  /** La01: identificatie of every antwoord/object */
  objects?: string[];
  /** Du02: the generated identificatie, functie */
  generated?: string;
  functie?: string;
  xsdErrors: string[];
  doc?: XmlDocument;
}

const ln = (name: string) => `*[local-name()='${name}']`;
/** `//*:a/*:b[...]` (SoapUI / XPath 2 wildcard prefixes) as XPath 1.0 with local-name(). */
export const xpath1 = (x: string) => x.replace(/\*:([A-Za-z_][\w.-]*)/g, (_m, n: string) => ln(n));

function firstElementChild(el: XmlElement): XmlElement | undefined {
  for (let c: XmlTreeNode | null = el.firstChild; c; c = c.next) if (c instanceof XmlElement) return c;
  return undefined;
}

function text(doc: XmlDocument | XmlElement, xp: string): string | undefined {
  const n = doc.get(xp);
  return n ? n.content.trim() : undefined;
}

/** Parses the answer, validates its StUF element (Body child or the Fo-bericht in the Fault detail) against `bundle`. */
export function read(answer: Answer, validators: Validators, bundle: Bundle): Reading {
  if (!/xml/.test(answer.contentType)) return { kind: `HTTP ${answer.status}`, xsdErrors: [] };
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromString(answer.text);
  } catch (e) {
    return { kind: `HTTP ${answer.status} (answer is not well-formed XML)`, xsdErrors: [`answer not well-formed: ${(e as Error).message}`] };
  }
  const body = doc.get(`/${ln('Envelope')}/${ln('Body')}`) as XmlElement | null;
  let el = body ? firstElementChild(body) : undefined;
  if (!el) return { kind: `HTTP ${answer.status} (no SOAP Body child)`, xsdErrors: ['no SOAP Body child'], doc };
  const r: Reading = { kind: '?', xsdErrors: [], doc };
  if (el.name === 'Fault') {
    const detail = doc.get(`//${ln('Fault')}/*[local-name()='detail' or local-name()='Detail']`) as XmlElement | null;
    el = detail ? firstElementChild(detail) : undefined;
    if (!el) return { kind: 'SOAP fault without Fo-bericht', xsdErrors: ['SOAP Fault without a StUF Fo-bericht in detail'], doc };
    r.kind = el.name.replace(/Bericht$/, '');
    r.faultCode = text(el, `${ln('body')}/${ln('code')}`);
    r.faultDetails = [text(el, `${ln('body')}/${ln('omschrijving')}`), text(el, `${ln('body')}/${ln('details')}`)].filter(Boolean).join(' / ');
  } else {
    r.root = el.name;
    const m = el.name.match(/(Bv0\d|La01|Du02)(Bericht)?$/);
    r.kind = m ? m[1] : el.name;
    if (r.kind === 'La01') r.objects = el.find(`${ln('antwoord')}/${ln('object')}`).map((o) => text(o as XmlElement, ln('identificatie')) ?? '');
    if (r.kind === 'Du02') {
      r.generated = text(el, `*[local-name()='zaak' or local-name()='document' or local-name()='besluit']/${ln('identificatie')}`);
      r.functie = text(el, `${ln('stuurgegevens')}/${ln('functie')}`);
    }
  }
  r.crossRefnummer = text(el, `${ln('stuurgegevens')}/${ln('crossRefnummer')}`);
  r.xsdErrors = validators.validate(bundle, el);
  return r;
}

/** Per-run state the facts refer to. */
export interface RunState {
  /** zaak identificaties that exist (created by a Bv03-answered creeerZaak or by the precondition table) */
  zaken: Set<string>;
  /** identificaties returned by genereer*Identificatie in this run */
  generated: Set<string>;
  /** request texts by step name ("02-zds-creeerZaak_Lk01"), for SoapUI ${step#Request#xpath} references */
  requests: Map<string, string>;
}

export const firstTag = (xml: string, local: string) => xml.match(new RegExp(`<(?:[\\w-]+:)?${local}(?:\\s[^>]*)?>([^<]*)</(?:[\\w-]+:)?${local}>`))?.[1]?.trim();
/** The identificatie directly inside the first ZKN object (for a creeerZaak: the new zaak). */
export const objectIdentificatie = (xml: string) => xml.match(/<(?:\w+:)?object\b[^>]*>\s*(?:<!--[\s\S]*?-->\s*)*<(?:\w+:)?identificatie>([^<]*)</)?.[1]?.trim();

export interface Expectation {
  kind: string;
  fault_code: string | null;
}

/** Does the reading satisfy the expected answer class? */
function kindProblems(exp: Expectation, r: Reading, status: number): string[] {
  const faults = ['Fo01', 'Fo02', 'Fo03'];
  const isFault = faults.includes(r.kind);
  const p: string[] = [];
  const want = exp.kind;
  if (['Bv03', 'Bv02', 'La01', 'Du02'].includes(want)) {
    if (r.kind !== want) p.push(`expected ${want}, got ${r.kind}`);
    else if (status !== 200) p.push(`expected HTTP 200 for ${want}, got ${status}`);
  } else if (/^Fo0\d( \(SOAP fault\))?$/.test(want)) {
    if (r.kind !== want.slice(0, 4)) p.push(`expected ${want.slice(0, 4)} fault, got ${r.kind}`);
  } else if (want === 'HTTP 404 / SOAP fault') {
    if (!(status === 404 || isFault)) p.push(`expected HTTP 404 or a SOAP fault, got ${r.kind}`);
  } else if (want === 'Fo03 (SOAP fault) or empty La01') {
    // For an Lv01 the WSDL's fault is Fo02 (OpenZaakBrug answered Fo03); either fault class or an empty La01 is fine.
    if (!(isFault || (r.kind === 'La01' && (r.objects ?? []).length === 0))) p.push(`expected a SOAP fault or an empty La01, got ${r.kind}${r.objects ? ` with ${r.objects.length} object(s)` : ''}`);
  } else if (want === 'SOAP fault (unknown SOAPAction)' || want === 'SOAP fault (Fo02/Fo03)') {
    if (!isFault) p.push(`expected a SOAP fault, got ${r.kind}`);
  } else {
    p.push(`unknown expected.kind "${want}" (runner does not know how to check it)`);
  }
  if (isFault && status !== 500) p.push(`SOAP fault with HTTP ${status} (expected 500)`);
  if (exp.fault_code && r.faultCode !== exp.fault_code && isFault) p.push(`expected fault code ${exp.fault_code}, got ${r.faultCode}`);
  return p;
}

/** Checks one answer against the manifest entry; records what later facts need in `state`. */
export function check(f: ManifestFile, exp: Expectation, requestText: string, r: Reading, status: number, state: RunState, facts = f.expected?.facts ?? []): { problems: string[]; unchecked: string[] } {
  const problems = kindProblems(exp, r, status);
  const unchecked: string[] = [];
  if (r.xsdErrors.length) problems.push(`answer ${r.root ?? r.kind} not valid against the XSD: ${r.xsdErrors.slice(0, 3).join(' | ')}`);
  // A request that is not well-formed XML has no readable referentienummer: nothing to compare.
  const wellFormed = !/^not well-formed/.test(f.xsd.first_error ?? '');
  const ref = wellFormed ? firstTag(requestText, 'referentienummer') : undefined;
  if (r.crossRefnummer !== undefined && ref !== undefined && r.crossRefnummer !== ref) problems.push(`crossRefnummer ${r.crossRefnummer} != request referentienummer ${ref}`);
  // Bv02 is left out: its XSD restricts the stuurgegevens to the berichtcode alone (StUF0301 Bv02Bericht).
  if (['Bv03', 'La01', 'Du02'].includes(r.kind) && ref && r.crossRefnummer === undefined) problems.push('answer has no crossRefnummer although the request has a referentienummer');

  for (const fact of exp.kind === f.expected?.kind ? facts : []) {
    let m: RegExpMatchArray | null;
    if ((m = fact.match(/^antwoord\/object\/identificatie = "([^"]*)"/)) && r.kind === 'La01') {
      const id = m[1];
      const objs = r.objects ?? [];
      if (objs.some((o) => o !== id)) problems.push(`La01 objects ${JSON.stringify(objs)} should all have identificatie ${id}`);
      if (state.zaken.has(id) && f.operation !== 'geefLijstZaakdocumenten' && objs.length === 0) problems.push(`La01 has no object although zaak ${id} exists`);
    } else if (/^a new, non-empty (zaak|document)\/identificatie is returned/.test(fact) && r.kind === 'Du02') {
      const g = r.generated ?? '';
      if (!g) problems.push('Du02 without identificatie');
      else if (g.length > 40) problems.push(`generated identificatie longer than 40: ${g}`);
      else if (state.generated.has(g)) problems.push(`generated identificatie ${g} was already issued in this run`);
    } else if ((m = fact.match(/functie="(\w+)"/)) && r.kind === 'Du02') {
      if (r.functie !== m[1]) problems.push(`Du02 functie ${r.functie} != ${m[1]}`);
    } else if ((m = fact.match(/^(?:SoapUI XPath assertion|XPath): (.*)$/s)) && r.doc) {
      const res = soapUiXPath(m[1], r.doc, state);
      if (res === undefined) unchecked.push(fact.slice(0, 120));
      else if (res) problems.push(`XPath assertion failed: ${m[1].slice(0, 200)} (${res})`);
    }
  }
  if (r.kind === 'Du02' && r.generated) state.generated.add(r.generated);
  return { problems, unchecked };
}

/** SoapUI XPath-match assertions: '' = holds, a message = fails, undefined = not checked by this runner. */
function soapUiXPath(assertion: string, doc: XmlDocument, state: RunState): string | undefined {
  let m: RegExpMatchArray | null;
  if ((m = assertion.match(/^count\((.+)\) = (\d+)$/))) {
    const n = doc.find(xpath1(m[1])).length;
    return n === Number(m[2]) ? '' : `count is ${n}`;
  }
  if ((m = assertion.match(/^string-length\((.+)\) = (\d+)$/))) {
    const n = doc.get(xpath1(m[1]))?.content.length ?? 0;
    return n === Number(m[2]) ? '' : `string-length is ${n}`;
  }
  if ((m = assertion.match(/^(\S+) = \$\{([^#]+)#Request#(.+)\}$/))) {
    // The answer's nodes against the same path in an earlier request of this run: compare the set of texts.
    const req = state.requests.get(m[2].replace(/ /g, '_'));
    if (!req) return `request ${m[2]} was not sent in this run`;
    const rdoc = XmlDocument.fromString(req);
    try {
      // In an oud/nieuw kennisgeving the values that count are those of the last (nieuw) object.
      const objs = rdoc.find(`//${ln('object')}`);
      const last = objs[objs.length - 1] as XmlElement | undefined;
      const rel = m[3].replace(/^\/\/\*:object\//, '');
      const want = last ? last.find(xpath1(rel)).map((n) => n.content.replace(/\s+/g, '')).sort() : [];
      const got = doc.find(xpath1(m[1])).map((n) => n.content.replace(/\s+/g, '')).sort();
      return JSON.stringify(want) === JSON.stringify(got) ? '' : `got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`;
    } finally {
      rdoc.dispose();
    }
  }
  if ((m = assertion.match(/^(\/\/\S+) = ([^<$].*)$/))) {
    const v = doc.get(xpath1(m[1]))?.content.trim();
    return v === m[2].trim() ? '' : `value is ${v === undefined ? 'absent' : JSON.stringify(v)}`;
  }
  return undefined; // whole-antwoord comparisons with SoapUI wildcards: not checked here
}
