// `stuf-gateway conformance` against a test gateway: fixtures/koppeling/manifest.json (both dialects of the
// sociaal-domein flow) passes with exit 0 and writes JUnit XML (parsed here) and a markdown report; the same
// manifest with a wrong expectation exits 1 and names the failing case in both reports.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { XmlDocument, type XmlElement } from 'libxml2-wasm';
import { projectRoot } from '../src/config/index.ts';
import { endpointPath, loadManifest, type Manifest } from '../src/conformance/manifest.ts';
import { runCli, suiteGateway } from './helpers.ts';
import { loadFlow } from './koppeling/fixtures.ts';

const MANIFEST = path.join(projectRoot, 'fixtures/koppeling/manifest.json');

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
    const m = JSON.parse(fs.readFileSync(MANIFEST, 'utf8')) as Manifest;
    // file paths relative to the real manifest's folder, so the copy can live elsewhere
    const here = (file: string) => path.join(path.dirname(MANIFEST), file);
    for (const f of m.files) f.file = here(f.file);
    for (const sc of m.scenarios) for (const v of Object.values(sc.variables ?? {})) if (typeof v === 'object' && 'base64_of_file' in v) v.base64_of_file = here(v.base64_of_file);
    const status = m.files.find((f) => f.id === 'koppeling-zds-1.2/015-geefstatus-deelplan-request')!;
    status.expected!.facts.push('XPath: //*:antwoord/*:object/*:heeft//*:volgnummer = 3');
    const bad = path.join(dir, 'manifest.json');
    fs.writeFileSync(bad, JSON.stringify(m));
    const junit = path.join(dir, 'bad.xml');
    const report = path.join(dir, 'bad.md');
    const r = await runCli(['conformance', '--manifest', bad, '--url', gw.srv.url, '--junit', junit, '--report', report]);
    assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /^TOTAL\s+31\s+1\s+0\s+0$/m);
    assert.match(r.stdout, /XPath assertion failed: \/\/\*:antwoord\/\*:object\/\*:heeft\/\/\*:volgnummer = 3 \(value is "2"\)/);
    const j = parseJunit(junit);
    assert.equal(j.failures, 1);
    assert.deepEqual(j.failed, [status.id]);
    const md = fs.readFileSync(report, 'utf8');
    assert.match(md, /result: \*\*1 failed\*\*/);
    assert.match(md, /## Failures[\s\S]*koppeling-zds-1\.2\/015-geefstatus-deelplan-request/);
  });
});
