// Replays a manifest against a ZDS server over HTTP: every run in scenario order, each request with its
// SOAPAction and SOAP version, each answer read, validated and checked (check.ts). The test suite drives one
// RunReplay per run on a fresh gateway; `stuf-gateway conformance` replays every run against one URL.
import { isUtf8 } from 'node:buffer';
import type { Validators } from '../xsd/validators.ts';
import { requestHeaders } from '../soap/envelope.ts';
import { check, objectIdentificatie, read, xpath1, type Answer, type Expectation, type RunState } from './check.ts';
import { EXCEPTIONS, type Exception } from './exceptions.ts';
import { bundleOf, endpointPath, plan, readRequest, soapActionOf, tallyKey, type Manifest, type ManifestFile, type Run } from './manifest.ts';
import { CREEER_ZAAK_12, creeerZaakMessage, PRECONDITION_ZAKEN, type SetupZaak } from './setup.ts';
import { RunIsolation } from './isolate.ts';
import { fill, messageVariables, resolveVariables } from './template.ts';

export type Outcome = 'passed' | 'failed' | 'excepted' | 'not covered';

export interface CaseResult {
  run: string;
  id: string;
  /** operation and dialect (the tally's row) */
  key: string;
  outcome: Outcome;
  expected: string;
  got: string;
  problems: string[];
  unchecked: string[];
  ms: number;
}

export interface ReplayOptions {
  validators: Validators;
  /** operations whose answers are asserted; others are sent (later steps may need them) but not asserted. Default: all. */
  covered?: (operation: string | null) => boolean;
  exceptions?: Record<string, Exception>;
  /** zaken to create before a case (its preconditions.state), by case id */
  preconditions?: Record<string, SetupZaak[]>;
  /** per-request timeout */
  timeoutMs?: number;
  /** give each run its own identificaties and referentienummers (runs sharing one server, isolate.ts) */
  isolate?: boolean;
}

const all = () => true;

/** POSTs one message; a transport failure becomes an `HTTP 0` answer whose text says what went wrong. */
export async function postSoap(url: string, headers: Record<string, string>, body: Buffer | string, timeoutMs = 60_000): Promise<Answer> {
  try {
    const r = await fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body), signal: AbortSignal.timeout(timeoutMs) });
    return { status: r.status, contentType: r.headers.get('content-type') ?? '', text: await r.text() };
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    return { status: 0, contentType: '', text: `${(e as Error).message}${cause ? `: ${cause.code ?? cause.message}` : ''}` };
  }
}

/**
 * A client checks a document in (updateZaakdocument) or cancels (cancelCheckout) with the checkedOutId that
 * the zaaksysteem issued at checkout. The corpus recorded the ids of other servers (the STP even uses the
 * document identificatie), so the replay puts in the id this server issued for that document, as a SoapUI
 * property transfer would.
 */
function withIssuedCheckedOutId(body: Buffer, checkouts: Map<string, string>): Buffer {
  const text = body.toString('utf8');
  if (!/checkedOutId>/.test(text) || /geefZaakdocument[bB]ewerken_Di02/.test(text)) return body;
  const doc = [...text.matchAll(/<(?:\w+:)?identificatie>([^<]+)</g)].map((m) => m[1]).find((id) => checkouts.has(id));
  if (!doc) return body;
  return Buffer.from(text.replace(/(<(\w+:)?checkedOutId>)[^<]*(<\/(\w+:)?checkedOutId>)/, `$1${checkouts.get(doc)}$3`), 'utf8');
}

let runCounter = 0;

const stepName = (f: ManifestFile) => f.id.slice(f.scenario.length + 1).replace(/^\d+-/, '').replace(/-request$/, '');
const describeExp = (e: Expectation) => `${e.kind}${e.fault_code ? ` ${e.fault_code}` : ''}`;

/** One run against one server: the state later steps refer to (zaken, issued ids, checkouts, template variables). */
export class RunReplay {
  readonly state: RunState = { zaken: new Set(), generated: new Set(), requests: new Map() };
  /** document identificatie -> the checkedOutId the server issued for it (geefZaakdocumentbewerken) */
  private readonly checkouts = new Map<string, string>();
  private readonly vars: Record<string, string>;
  private readonly templated: boolean;
  private readonly isolation?: RunIsolation;
  /** capture name -> the case whose answer had nothing at its XPath (what a later unfilled placeholder is for) */
  private readonly missedCaptures = new Map<string, string>();

  constructor(private readonly manifest: Manifest, readonly run: Run, private readonly baseUrl: string, private readonly o: ReplayOptions) {
    this.templated = !!run.scenario.variables || run.requests.some((f) => f.variables || f.capture);
    this.vars = resolveVariables(run.scenario.variables, manifest.dir);
    if (o.isolate) this.isolation = new RunIsolation(`Q${Math.random().toString(36).slice(2, 6)}${(runCounter++).toString(36)}`);
  }

  /** Creates the zaken the run's cases presume (preconditions.state); throws when the server refuses one. */
  async setup(): Promise<void> {
    for (const f of this.run.requests) {
      for (const pre of (this.o.preconditions ?? PRECONDITION_ZAKEN)[f.id] ?? []) {
        const z = this.isolation ? { ...pre, identificatie: this.isolation.identificatie(pre.identificatie) } : pre;
        const a = await postSoap(this.baseUrl + CREEER_ZAAK_12.path, requestHeaders('1.1', CREEER_ZAAK_12.action), creeerZaakMessage(z), this.o.timeoutMs);
        if (!/Bv03Bericht/.test(a.text)) throw new Error(`setup creeerZaak ${z.identificatie} for ${f.id} failed:\n${a.text}`);
        this.state.zaken.add(z.identificatie);
      }
    }
  }

  /** The request as sent: templated messages filled with this run's values (and fresh stuurgegevens). */
  private body(f: ManifestFile): Buffer {
    let raw = readRequest(this.manifest, f);
    if (this.templated) raw = Buffer.from(fill(raw.toString('utf8'), { ...this.vars, ...resolveVariables(f.variables, this.manifest.dir), ...messageVariables() }), 'utf8');
    if (this.isolation) {
      // identificaties and referentienummers are ASCII: a message in another encoding is rewritten byte for byte (latin1)
      const encoding = isUtf8(raw) ? 'utf8' : 'latin1';
      raw = Buffer.from(this.isolation.message(raw.toString(encoding)), encoding);
    }
    return withIssuedCheckedOutId(raw, this.checkouts);
  }

  /** Why a message or fact could not be filled: the error, and which earlier capture came back empty. */
  private unfilled(e: unknown): string {
    const message = (e as Error).message;
    const why = [...this.missedCaptures].filter(([name]) => message.includes(`{{${name}}}`))
      .map(([name, id]) => `{{${name}}} was to be captured from the answer to ${id}, which had none`);
    return [message, ...why].join('; ');
  }

  /** The expected facts with this run's values; a fact whose placeholder has no value is a problem, not a fact. */
  private facts(f: ManifestFile): { facts: string[]; problems: string[] } {
    const facts: string[] = [];
    const problems: string[] = [];
    for (const fact of f.expected?.facts ?? []) {
      try {
        const filled = this.templated ? fill(fact, this.vars, (s) => s) : fact;
        facts.push(this.isolation?.fact(filled) ?? filled);
      } catch (e) {
        problems.push(`fact not checked: ${this.unfilled(e)} (fact: ${fact.slice(0, 120)})`);
      }
    }
    return { facts, problems };
  }

  /** Sends one case and checks its answer. */
  async send(f: ManifestFile): Promise<CaseResult> {
    const started = Date.now();
    const isCovered = (this.o.covered ?? all)(f.operation);
    const exception = (this.o.exceptions ?? EXCEPTIONS)[f.id];
    const exp: Expectation = exception?.instead ?? { kind: f.expected?.kind ?? '?', fault_code: f.expected?.fault_code ?? null };
    const result = (outcome: Outcome, got: string, problems: string[], unchecked: string[] = []): CaseResult =>
      ({ run: this.run.name, id: f.id, key: tallyKey(f), outcome, expected: describeExp(exp), got, problems, unchecked, ms: Date.now() - started });
    let body: Buffer;
    try {
      body = this.body(f);
    } catch (e) {
      return result(isCovered ? 'failed' : 'not covered', '(not sent)', [`request not sent: ${this.unfilled(e)}`]);
    }
    const requestText = body.toString('utf8');
    const answer = await postSoap(this.baseUrl + endpointPath(f), requestHeaders(f.envelope.soap_version ?? '1.1', soapActionOf(f, this.run.variant)), body, this.o.timeoutMs);
    if (answer.status === 0) return result(isCovered ? 'failed' : 'not covered', 'no answer', [`transport: ${answer.text}`]);
    const reading = read(answer, this.o.validators, bundleOf(f));
    try {
      this.state.requests.set(stepName(f), requestText);
      const { facts, problems: unfilled } = this.facts(f);
      const { problems, unchecked } = check(f, exp, requestText, reading, answer.status, this.state, facts);
      // check() tests the manifest's facts only against the manifest's own expectation (not an exception's `instead`)
      if (exp.kind === f.expected?.kind) problems.push(...unfilled);
      if (f.operation === 'geefZaakdocumentbewerken' && reading.kind === 'Du02') {
        const doc = requestText.match(/<(?:\w+:)?gelijk\b[^>]*>\s*<(?:\w+:)?identificatie>([^<]+)</)?.[1];
        const issued = answer.text.match(/<(?:\w+:)?checkedOutId>([^<]+)</)?.[1];
        if (doc && issued) this.checkouts.set(doc, issued);
      }
      if (f.operation === 'creeerZaak' && reading.kind === 'Bv03') {
        const id = objectIdentificatie(requestText);
        if (id) this.state.zaken.add(id);
      }
      for (const [name, xp] of Object.entries(f.capture ?? {})) {
        const value = reading.doc?.get(xpath1(xp))?.content.trim();
        if (value) {
          this.vars[name] = value;
          this.missedCaptures.delete(name);
        } else {
          this.missedCaptures.set(name, f.id);
          problems.push(`capture ${name}: nothing at ${xp} in the answer${reading.doc ? '' : ' (no XML answer)'}`);
        }
      }
      const got = `${reading.kind}${reading.faultCode ? ` ${reading.faultCode}` : ''}${reading.faultDetails ? ` (${reading.faultDetails})` : ''}`;
      const outcome: Outcome = !isCovered ? 'not covered' : exception && !exception.instead ? 'excepted' : problems.length ? 'failed' : 'passed';
      return result(outcome, got, problems, unchecked);
    } finally {
      reading.doc?.dispose();
    }
  }
}

export interface ReplayProgress {
  /** called after each case, with the count done so far and the number of cases to send */
  onResult?(r: CaseResult, done: number, total: number): void;
}

/**
 * Every run of the manifest, in scenario order, against one server (its state is shared by all runs). Cases of
 * scenarios without a covered operation are listed as not covered, unsent.
 */
export async function replayManifest(m: Manifest, baseUrl: string, o: ReplayOptions & ReplayProgress): Promise<CaseResult[]> {
  const runs = plan(m, o.covered);
  const total = runs.reduce((n, r) => n + r.requests.length, 0);
  const results: CaseResult[] = [];
  const base = baseUrl.replace(/\/+$/, '');
  for (const run of runs) {
    const replay = new RunReplay(m, run, base, o);
    let setupError: string | undefined;
    try {
      await replay.setup();
    } catch (e) {
      setupError = (e as Error).message.split('\n')[0];
    }
    for (const f of run.requests) {
      const failed = (got: string, problem: string): CaseResult =>
        ({ run: run.name, id: f.id, key: tallyKey(f), outcome: 'failed', expected: f.expected?.kind ?? '', got, problems: [problem], unchecked: [], ms: 0 });
      // whatever goes wrong with one case (a manifest entry the runner cannot use, say) fails that case, not the replay
      const r = setupError ? failed('(not sent)', setupError) : await replay.send(f).catch((e: Error) => failed('(runner error)', `runner: ${e.message}`));
      results.push(r);
      o.onResult?.(r, results.length, total);
    }
  }
  for (const f of m.files) {
    if (f.role === 'request' && f.set === 'public' && !runs.some((r) => r.scenario.id === f.scenario)) {
      results.push({ run: f.scenario, id: f.id, key: tallyKey(f), outcome: 'not covered', expected: f.expected?.kind ?? '', got: '(not sent)', problems: [], unchecked: [], ms: 0 });
    }
  }
  return results;
}
