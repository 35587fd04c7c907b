// `stuf-gateway conformance` against a test gateway: fixtures/koppeling/manifest.json (both dialects of the
// sociaal-domein flow) passes with exit 0 and writes JUnit XML (parsed here) and a markdown report; the same
// manifest with a wrong expectation exits 1 and names the failing case in both reports. Behind a proxy that
// rewrites the gateway's answers, each check fails on its own (answer kind, fault code, crossRefnummer, XSD), and a
// capture that finds nothing fails the cases that need it while the run goes on and every report is written.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { XmlDocument, type XmlElement } from 'libxml2-wasm';
import { projectRoot } from '../src/config/index.ts';
import { CORPUS_DIR, endpointPath, loadManifest, type Manifest } from '../src/conformance/manifest.ts';
import { runCli, suiteGateway } from './helpers.ts';
import { loadFlow } from './koppeling/fixtures.ts';
import { fo03 } from './koppeling/ontvanger.ts';

const MANIFEST = path.join(projectRoot, 'fixtures/koppeling/manifest.json');

/**
 * A copy of the koppeling manifest, changed by `edit`, written to `file`: its message paths made absolute (relative
 * to the real manifest's folder), so the copy can live elsewhere.
 */
function manifestCopy(file: string, edit: (m: Manifest) => void): string {
  const m = JSON.parse(fs.readFileSync(MANIFEST, 'utf8')) as Manifest;
  const here = (f: string) => path.join(path.dirname(MANIFEST), f);
  for (const f of m.files) f.file = here(f.file);
  for (const sc of m.scenarios) for (const v of Object.values(sc.variables ?? {})) if (typeof v === 'object' && 'base64_of_file' in v) v.base64_of_file = here(v.base64_of_file);
  edit(m);
  fs.writeFileSync(file, JSON.stringify(m));
  return file;
}

/** One exchange through the proxy: the request as the runner sent it and the gateway's answer. */
interface Exchange { path: string; soapAction: string; request: string; status: number; contentType: string; body: string }
/** What the proxy answers instead (undefined: the gateway's answer unchanged). */
type Rewrite = (x: Exchange) => { status?: number; contentType?: string; body?: string } | undefined;

/**
 * A server that is not quite our gateway: every request is forwarded to the gateway (so its state moves on as
 * usual) and the answer may be rewritten by `proxy.rewrite` before the runner sees it.
 */
function rewritingProxy(upstream: () => string): { url: string; rewrite: Rewrite } {
  const proxy = { url: '', rewrite: (() => undefined) as Rewrite };
  let server: http.Server;
  before(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        try {
          const request = Buffer.concat(chunks).toString('utf8');
          const headers: Record<string, string> = { 'content-type': req.headers['content-type'] ?? '' };
          if (req.headers.soapaction !== undefined) headers.soapaction = String(req.headers.soapaction);
          const r = await fetch(upstream() + req.url, { method: 'POST', headers, body: request });
          const x: Exchange = { path: req.url ?? '', soapAction: (headers.soapaction ?? '').replace(/^"|"$/g, ''), request, status: r.status, contentType: r.headers.get('content-type') ?? '', body: await r.text() };
          const out = { ...x, ...proxy.rewrite(x) };
          res.writeHead(out.status, { 'content-type': out.contentType });
          res.end(out.body);
        } catch (e) {
          res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(String(e));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });
  return proxy;
}

const referentienummerOf = (xml: string) => xml.match(/<(?:\w+:)?referentienummer>([^<]*)</)?.[1] ?? '';

/** JUnit XML: the totals of <testsuites> and, per testcase, whether it has a <failure>. */
function parseJunit(file: string): { tests: number; failures: number; suites: string[]; failed: string[]; cases: number } {
  const doc = XmlDocument.fromString(fs.readFileSync(file, 'utf8'));
  try {
    const root = doc.root;
    assert.equal(root.name, 'testsuites');
    const failed = doc.find('//testcase[failure]').map((c) => (c as XmlElement).attr('name')!.value);
    return {
      tests: Number(root.attr('tests')?.value), failures: Number(root.attr('failures')?.value),
      suites: doc.find('/testsuites/testsuite').map((s) => (s as XmlElement).attr('name')!.value), failed, cases: doc.find('//testcase').length,
    };
  } finally {
    doc.dispose();
  }
}

/** JUnit XML: the failure of each failed testcase, message and text ("expected X; got Y", then the problems). */
function junitFailures(file: string): Record<string, string> {
  const doc = XmlDocument.fromString(fs.readFileSync(file, 'utf8'));
  try {
    return Object.fromEntries(doc.find('//testcase/failure').map((f) => {
      const el = f as XmlElement;
      return [(el.parent as XmlElement).attr('name')!.value, `${el.attr('message')!.value}\n${el.content}`];
    }));
  } finally {
    doc.dispose();
  }
}

describe('stuf-gateway conformance on fixtures/koppeling/manifest.json', () => {
  it('the manifest has the steps of flow.json, in order: file, SOAPAction, endpoint path and answer kind', () => {
    const m = loadManifest(MANIFEST);
    for (const dialect of ['zds-1.2', 'zds-1.1'] as const) {
      const steps = m.files.filter((f) => f.scenario === `koppeling-${dialect}`).sort((a, b) => a.step - b.step);
      assert.deepEqual(steps.map((f) => [f.file, f.soap_action, endpointPath(f), f.expected?.kind]),
        loadFlow(dialect).map((s) => [s.file, s.soapAction, s.path, s.answer]), dialect);
      assert.deepEqual(m.scenarios.find((sc) => sc.id === `koppeling-${dialect}`)?.files, steps.map((f) => f.id));
    }
  });

  const gw = suiteGateway();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-conformance-'));

  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('passes against our gateway: exit 0, the tally on stdout, a line per run on stderr (no terminal), JUnit XML and markdown', async () => {
    const junit = path.join(dir, 'koppeling.xml');
    const report = path.join(dir, 'sub/koppeling.md');
    const r = await runCli(['conformance', '--manifest', MANIFEST, '--url', gw.srv.url, '--junit', junit, '--report', report]);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /^TOTAL\s+32\s+0\s+0\s+0$/m);
    assert.match(r.stdout, /^zakLv01 \(stuf-zkn 3\.10\)\s+2\s+0/m);
    assert.match(r.stdout, /^conformance: 32 passed, 0 failed, 0 skipped$/m);
    assert.match(r.stderr, /^conformance: koppeling-zds-1\.2: 16 case\(s\), 0 failed$/m);
    assert.match(r.stderr, /^conformance: koppeling-zds-1\.1: 16 case\(s\), 0 failed$/m);
    assert.doesNotMatch(r.stderr, /\x1b\[/, 'no progress bar when stderr is not a terminal');
    assert.deepEqual(parseJunit(junit), { tests: 32, failures: 0, suites: ['koppeling-zds-1.2', 'koppeling-zds-1.1'], failed: [], cases: 32 });
    const md = fs.readFileSync(report, 'utf8');
    assert.match(md, /^# ZDS conformance report$/m);
    assert.match(md, /result: \*\*passed\*\* \(32 passed, 0 failed, 0 excepted, 0 not covered\)/);
    assert.match(md, /^\| geefZaakdocumentLezen \(zds 1\.2\) \| 1 \| 0 \| 0 \| 0 \|$/m);
    assert.doesNotMatch(md, /## Failures/);
  });

  it('a second replay against the same database passes too (fresh BSNs, identificaties and referentienummers per run)', async () => {
    const r = await runCli(['conformance', '--manifest', MANIFEST, '--url', gw.srv.url]);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  });

  it('a failing expectation exits 1 and is named in the JUnit XML and the report', async () => {
    const status = 'koppeling-zds-1.2/015-geefstatus-deelplan-request';
    const bad = manifestCopy(path.join(dir, 'manifest.json'), (m) => {
      m.files.find((f) => f.id === status)!.expected!.facts.push('XPath: //*:antwoord/*:object/*:heeft//*:volgnummer = 3');
    });
    const junit = path.join(dir, 'bad.xml');
    const report = path.join(dir, 'bad.md');
    const r = await runCli(['conformance', '--manifest', bad, '--url', gw.srv.url, '--junit', junit, '--report', report]);
    assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /^TOTAL\s+31\s+1\s+0\s+0$/m);
    assert.match(r.stdout, /XPath assertion failed: \/\/\*:antwoord\/\*:object\/\*:heeft\/\/\*:volgnummer = 3 \(value is "2"\)/);
    const j = parseJunit(junit);
    assert.equal(j.failures, 1);
    assert.deepEqual(j.failed, [status]);
    const md = fs.readFileSync(report, 'utf8');
    assert.match(md, /result: \*\*1 failed\*\*/);
    assert.match(md, /## Failures[\s\S]*koppeling-zds-1\.2\/015-geefstatus-deelplan-request/);
  });
});

describe('stuf-gateway conformance against a server whose answers are wrong (a proxy in front of a test gateway)', () => {
  const gw = suiteGateway();
  const proxy = rewritingProxy(() => gw.srv.url);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-conformance-proxy-'));

  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a capture that finds nothing (a Du02 without identificatie; an answer that is no XML) fails the cases that need it, the run goes on, tally, JUnit XML and report are written, exit 1', async () => {
    // The gezinsplan's genereerZaakIdentificatie (the first of each run): ZDS 1.2 a Du02 without identificatie, ZDS 1.1 an HTTP 503 in plain text.
    const seen = new Set<string>();
    proxy.rewrite = (x) => {
      const dialect = x.path.split('/')[2];
      if (!/genereerZaakIdentificatie_Di02$/.test(x.soapAction) || seen.has(dialect)) return undefined;
      seen.add(dialect);
      if (dialect === '1.2') return { body: x.body.replace(/<(\w+:)?identificatie>[^<]*<\/\1identificatie>/g, '') };
      return { status: 503, contentType: 'text/plain', body: 'in onderhoud' };
    };
    const junit = path.join(dir, 'capture.xml');
    const report = path.join(dir, 'capture.md');
    const r = await runCli(['conformance', '--manifest', MANIFEST, '--url', proxy.url, '--junit', junit, '--report', report]);
    assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
    assert.deepEqual([...seen].sort(), ['1.1', '1.2']);
    assert.doesNotMatch(r.stderr, /unfilled placeholder/, 'the replay is not aborted');
    // both runs to their end: the deelplan's steps (their own capture) pass, every step that needs the gezinsplan fails
    assert.match(r.stderr, /^conformance: koppeling-zds-1\.2: 16 case\(s\), 9 failed$/m);
    assert.match(r.stderr, /^conformance: koppeling-zds-1\.1: 16 case\(s\), 9 failed$/m);
    assert.match(r.stdout, /^TOTAL\s+14\s+18\s+0\s+0$/m);
    assert.match(r.stdout, /^conformance: 14 passed, 18 failed, 0 skipped$/m);
    const gezinsplanSteps = ['001-genereer-gezinsplan', '002-creeer-gezinsplan', '003-document-gezinsplan', '004-zoek-gezinsplan-initiator', '005-zoek-gezinsplan-zaakobject',
      '009-koppel-deelplan', '010-details-gezinsplan', '011-details-deelplan', '014-update-gezinsplan'];
    const ids = ['1.2', '1.1'].flatMap((d) => gezinsplanSteps.map((s) => `koppeling-zds-${d}/${s}-request`));
    const j = parseJunit(junit);
    assert.deepEqual({ tests: j.tests, failures: j.failures, failed: j.failed }, { tests: 32, failures: 18, failed: ids });
    const failures = junitFailures(junit);
    for (const d of ['1.2', '1.1']) {
      const capture = `koppeling-zds-${d}/001-genereer-gezinsplan-request`;
      const missing = `{{gezinsplan}} was to be captured from the answer to ${capture}, which had none`;
      if (d === '1.2') assert.match(failures[capture], /Du02 without identificatie\ncapture gezinsplan: nothing at \/\/\*:zaak\/\*:identificatie in the answer$/);
      else assert.match(failures[capture], /^expected Du02; got HTTP 503\nexpected Du02, got HTTP 503\ncapture gezinsplan: nothing at \/\/\*:zaak\/\*:identificatie in the answer \(no XML answer\)$/);
      // a request that needs the value is not sent
      assert.equal(failures[`koppeling-zds-${d}/002-creeer-gezinsplan-request`], `expected Bv03; got (not sent)\nrequest not sent: unfilled placeholder(s): {{gezinsplan}}; ${missing}`);
      // a request sent, answered as expected, with a fact that needs the value
      assert.equal(failures[`koppeling-zds-${d}/011-details-deelplan-request`], `expected La01; got La01\nfact not checked: unfilled placeholder(s): {{gezinsplan}}; ${missing} ` +
        '(fact: XPath: //*:antwoord/*:object/*:heeftAlsHoofdzaak/*:gerelateerde/*:identificatie = {{gezinsplan}})');
    }
    const md = fs.readFileSync(report, 'utf8');
    assert.match(md, /result: \*\*18 failed\*\* \(14 passed, 18 failed, 0 excepted, 0 not covered\)/);
    assert.match(md, /^\| koppeling-zds-1\.1 \| koppeling-zds-1\.1\/002-creeer-gezinsplan-request \| Bv03 \| \(not sent\) \| request not sent: unfilled placeholder\(s\): \{\{gezinsplan\}\};/m);
  });

  it('each check fails on its own: answer kind, fault code, crossRefnummer and XSD validity of a rewritten answer are failed cases with their reason, exit 1', async () => {
    // the koppeling manifest and one case of the public corpus that expects a fault (Fo03 StUF064: the zaak does not exist)
    const faultCase = 'haarlem-maykin-regression-zds12/011-updateZaak_ZakLk01_does_not_exist-request';
    const manifest = manifestCopy(path.join(dir, 'checks.json'), (m) => {
      const corpus = loadManifest(path.join(CORPUS_DIR, 'manifest.json'));
      const f = corpus.files.find((x) => x.id === faultCase)!;
      assert.deepEqual([f.expected?.kind, f.expected?.fault_code], ['Fo03', 'StUF064']);
      m.files.push({ ...f, file: path.resolve(corpus.dir, f.file) });
      m.scenarios.push({ id: f.scenario, title: 'one fault', ordered: false, notes: [], files: [faultCase] });
    });
    const rewritten = new Set<string>();
    let statusRef = '';
    proxy.rewrite = (x) => {
      const step = `${x.path.split('/')[2]} ${x.soapAction.replace(/.*\//, '')}`;
      const ref = referentienummerOf(x.request);
      let out: ReturnType<Rewrite>;
      // crossRefnummer: another number than the request's referentienummer
      if (step === '1.2 actualiseerZaakstatus_ZakLk01') {
        statusRef = ref;
        out = { body: x.body.replace(/(<(\w+:)?crossRefnummer>)[^<]*/, '$1ANDER-NUMMER') };
      }
      // answer kind: a (valid) Fo03 fault where a Bv03 is expected
      else if (step === '1.1 actualiseerZaakstatus_Lk01') out = { status: 500, body: fo03(ref, 'StUF058', 'de proxy weigert') };
      // XSD: an La01 whose berichtcode is not La01
      else if (step === '1.2 geefZaakstatus_ZakLv01') out = { body: x.body.replace(/(<(\w+:)?berichtcode>)La01</, '$1La09<') };
      // fault code: the expected Fo03, with another code
      else if (step === '1.2 updateZaak_ZakLk01' && x.status === 500) out = { body: x.body.replace(/(<(\w+:)?code>)StUF064</, '$1StUF063<') };
      if (out) rewritten.add(step);
      return out;
    };
    const junit = path.join(dir, 'checks.xml');
    const report = path.join(dir, 'checks.md');
    const r = await runCli(['conformance', '--manifest', manifest, '--url', proxy.url, '--junit', junit, '--report', report]);
    assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
    assert.equal(rewritten.size, 4, [...rewritten].join(', '));
    assert.match(r.stdout, /^TOTAL\s+29\s+4\s+0\s+0$/m);
    assert.match(r.stdout, /^conformance: 29 passed, 4 failed, 0 skipped$/m);
    const j = parseJunit(junit);
    assert.deepEqual({ tests: j.tests, failures: j.failures }, { tests: 33, failures: 4 });
    // each case fails for its one reason, and for nothing else
    assert.deepEqual(junitFailures(junit), {
      'koppeling-zds-1.2/013-status-deelplan-request': `expected Bv03; got Bv03\ncrossRefnummer ANDER-NUMMER != request referentienummer ${statusRef}`,
      'koppeling-zds-1.2/015-geefstatus-deelplan-request': 'expected La01; got La01\nanswer geefZaakstatus_ZakLa01 not valid against the XSD: ' +
        "Element '{http://www.egem.nl/StUF/StUF0301}berichtcode': [facet 'enumeration'] The value 'La09' is not an element of the set {'La01'}. (regel 1)",
      'koppeling-zds-1.1/013-status-deelplan-request': 'expected Bv03; got Fo03 StUF058 (Fout / de proxy weigert)\nexpected Bv03, got Fo03',
      [faultCase]: 'expected Fo03 StUF064; got Fo03 StUF063 (Object niet gevonden / Zaak 12347000000007 bestaat niet)\nexpected fault code StUF064, got StUF063',
    });
    assert.ok(statusRef.startsWith('CNF'), statusRef);
    const md = fs.readFileSync(report, 'utf8');
    assert.match(md, /result: \*\*4 failed\*\* \(29 passed, 4 failed, 0 excepted, 0 not covered\)/);
    for (const reason of ['crossRefnummer ANDER-NUMMER != request referentienummer', 'not valid against the XSD', 'expected Bv03, got Fo03', 'expected fault code StUF064, got StUF063']) {
      assert.ok(md.includes(reason), reason);
    }
  });
});
