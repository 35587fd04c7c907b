// Our WSDLs (wsdl/) against the official ZDS / StUF-ZKN WSDLs, against the routing table, and the
// serving of WSDLs and schemas (src/http/wsdl.ts).
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XmlDocument, type XmlElement } from 'libxml2-wasm';
import { wsdlPaths, serveWsdl, serveSchema } from '../src/http/wsdl.ts';
import { ROUTES, PORT_NAMES } from '../src/operations/registry.ts';
import { NS } from '../src/xml/namespaces.ts';
import type { DialectId } from '../src/stuf/dialect.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const official = path.resolve(root, process.env.STUF_SCHEMA_SOURCE ?? '../shared/stuf');
const schemaDir = path.join(root, 'xsd');

const WSDL_NS = 'http://schemas.xmlsoap.org/wsdl/';
const SOAP_NS = 'http://schemas.xmlsoap.org/wsdl/soap/';
const XS_NS = 'http://www.w3.org/2001/XMLSchema';
const X = { wsdl: WSDL_NS, soap: SOAP_NS, xs: XS_NS };

// ---------------------------------------------------------------------------------------------
// A small WSDL 1.1 reader: follows wsdl:import, resolves QNames in their own scope.

interface Operation {
  input: string;
  output: string;
  /** `name=element`, sorted */
  faults: string[];
  soapAction?: string;
  soapStyle?: string;
  /** `use` of soap:body (input, output) and soap:fault */
  uses: string[];
}

interface Wsdl {
  file: string;
  targetNamespace: string;
  /** operations of the binding(s) of the service ports, by name */
  operations: Map<string, Operation>;
  bindingStyles: string[];
  transports: string[];
  /** soap:address locations */
  addresses: string[];
  /** [namespace, schemaLocation] of xs:import in wsdl:types */
  schemaImports: [string, string][];
}

function qname(el: XmlElement, value: string | undefined): string {
  if (!value) return '';
  const i = value.indexOf(':');
  const prefix = i < 0 ? '' : value.slice(0, i);
  const ns = el.namespaceForPrefix(prefix);
  assert.ok(ns !== null, `prefix '${prefix}' of '${value}' is not declared (line ${el.line})`);
  return `{${ns}}${value.slice(i + 1)}`;
}

const attr = (el: XmlElement, name: string) => el.attr(name)?.value;
const els = (ctx: XmlElement | XmlDocument, xpath: string) => ctx.find(xpath, X) as XmlElement[];

interface Parts {
  tns: string;
  messages: Map<string, string>;
  portTypes: Map<string, Map<string, { input: string; output: string; faults: [string, string][] }>>;
  bindings: Map<string, { type: string; style?: string; transport?: string; ops: Map<string, { action?: string; style?: string; uses: string[] }> }>;
  ports: { binding: string; address?: string }[];
  schemaImports: [string, string][];
}

function readParts(file: string, seen = new Set<string>()): Parts[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const doc = XmlDocument.fromBuffer(fs.readFileSync(file), { url: file });
  try {
    const d = doc.root;
    assert.equal(d.namespaceUri, WSDL_NS, `${file} is not a WSDL 1.1 document`);
    const tns = attr(d, 'targetNamespace') ?? '';
    const own: Parts = { tns, messages: new Map(), portTypes: new Map(), bindings: new Map(), ports: [], schemaImports: [] };
    for (const m of els(d, 'wsdl:message')) {
      const parts = els(m, 'wsdl:part');
      assert.equal(parts.length, 1, `message ${attr(m, 'name')} in ${file} must have exactly one part`);
      own.messages.set(`{${tns}}${attr(m, 'name')}`, qname(parts[0], attr(parts[0], 'element')));
    }
    for (const pt of els(d, 'wsdl:portType')) {
      const ops = new Map<string, { input: string; output: string; faults: [string, string][] }>();
      for (const op of els(pt, 'wsdl:operation')) {
        const msg = (xp: string) => { const e = els(op, xp)[0]; return e ? qname(e, attr(e, 'message')) : ''; };
        ops.set(attr(op, 'name')!, {
          input: msg('wsdl:input'), output: msg('wsdl:output'),
          faults: els(op, 'wsdl:fault').map((f) => [attr(f, 'name') ?? '', qname(f, attr(f, 'message'))] as [string, string]),
        });
      }
      own.portTypes.set(`{${tns}}${attr(pt, 'name')}`, ops);
    }
    for (const b of els(d, 'wsdl:binding')) {
      const sb = els(b, 'soap:binding')[0];
      const ops = new Map<string, { action?: string; style?: string; uses: string[] }>();
      for (const op of els(b, 'wsdl:operation')) {
        const so = els(op, 'soap:operation')[0];
        ops.set(attr(op, 'name')!, {
          action: so ? attr(so, 'soapAction') : undefined,
          style: (so && attr(so, 'style')) ?? (sb && attr(sb, 'style')) ?? 'document',
          uses: els(op, '*/soap:body|*/soap:fault').map((u) => attr(u, 'use') ?? ''),
        });
      }
      own.bindings.set(`{${tns}}${attr(b, 'name')}`, {
        type: qname(b, attr(b, 'type')), style: sb && attr(sb, 'style'), transport: sb && attr(sb, 'transport'), ops,
      });
    }
    for (const p of els(d, 'wsdl:service/wsdl:port')) {
      const a = els(p, 'soap:address')[0];
      own.ports.push({ binding: qname(p, attr(p, 'binding')), address: a && attr(a, 'location') });
    }
    for (const i of els(d, 'wsdl:types/xs:schema/xs:import')) own.schemaImports.push([attr(i, 'namespace') ?? '', attr(i, 'schemaLocation') ?? '']);
    const imported = els(d, 'wsdl:import').map((i) => path.resolve(path.dirname(file), attr(i, 'location')!));
    return [own, ...imported.flatMap((f) => readParts(f, seen))];
  } finally {
    doc.dispose();
  }
}

function readWsdl(file: string): Wsdl {
  const parts = readParts(file);
  const messages = new Map<string, string>();
  const portTypes = new Map<string, Map<string, { input: string; output: string; faults: [string, string][] }>>();
  const bindings = new Map<string, Parts['bindings'] extends Map<string, infer B> ? B : never>();
  for (const p of parts) {
    for (const [k, v] of p.messages) messages.set(k, v);
    for (const [k, v] of p.portTypes) portTypes.set(k, v);
    for (const [k, v] of p.bindings) bindings.set(k, v);
  }
  const element = (msg: string) => {
    if (!msg) return '';
    const e = messages.get(msg);
    assert.ok(e, `message ${msg} used in ${file} is not defined`);
    return e;
  };
  const operations = new Map<string, Operation>();
  const bindingStyles: string[] = [];
  const transports: string[] = [];
  const ports = parts[0].ports;
  assert.ok(ports.length > 0, `${file} has no service port`);
  for (const port of ports) {
    const b = bindings.get(port.binding);
    assert.ok(b, `binding ${port.binding} of ${file} is not defined`);
    const pt = portTypes.get(b.type);
    assert.ok(pt, `portType ${b.type} of ${file} is not defined`);
    bindingStyles.push(b.style ?? '');
    transports.push(b.transport ?? '');
    assert.deepEqual([...b.ops.keys()].sort(), [...pt.keys()].sort(), `binding and portType operations differ in ${file}`);
    for (const [name, o] of pt) {
      const bo = b.ops.get(name)!;
      operations.set(name, {
        input: element(o.input), output: element(o.output),
        faults: o.faults.map(([n, m]) => `${n}=${element(m)}`).sort(),
        soapAction: bo.action, soapStyle: bo.style, uses: bo.uses,
      });
    }
  }
  return {
    file, targetNamespace: parts[0].tns, operations, bindingStyles, transports,
    addresses: ports.map((p) => p.address ?? ''), schemaImports: parts[0].schemaImports,
  };
}

// ---------------------------------------------------------------------------------------------
// Which official WSDL each of ours mirrors. `subset`: ours offers only some of the official operations.

interface Pair { endpoint: string; ours: string; official: string; subset?: string[] }

const PAIRS: Pair[] = [
  { endpoint: '/zds/1.2/BeantwoordVraag', ours: 'zds-1.2/BeantwoordVraag.wsdl', official: 'zds-1.2/zds0120/berichten/zds0120_beantwoordVraag_zs-dms.wsdl' },
  { endpoint: '/zds/1.2/OntvangAsynchroon', ours: 'zds-1.2/OntvangAsynchroon.wsdl', official: 'zds-1.2/zds0120/berichten/zds0120_ontvangAsynchroon_mutatie_zs-dms.wsdl' },
  { endpoint: '/zds/1.2/VerwerkSynchroonVrijBericht', ours: 'zds-1.2/VerwerkSynchroonVrijBericht.wsdl', official: 'zds-1.2/zds0120/berichten/zds0120_vrijeBerichten_zs-dms.wsdl' },
  { endpoint: '/zds/1.1/BeantwoordVraag', ours: 'zds-1.1/BeantwoordVraag.wsdl', official: 'zds-1.1/zkn0310/zs-dms/zkn0310_beantwoordVraag_zs-dms.wsdl' },
  { endpoint: '/zds/1.1/OntvangAsynchroon', ours: 'zds-1.1/OntvangAsynchroon.wsdl', official: 'zds-1.1/zkn0310/zs-dms/zkn0310_ontvangAsynchroon_mutatie_zs-dms.wsdl' },
  { endpoint: '/zds/1.1/VrijeBerichten', ours: 'zds-1.1/VrijeBerichten.wsdl', official: 'zds-1.1/zkn0310/zs-dms/zkn0310_vrijeBerichten_zs-dms.wsdl' },
  { endpoint: '/stuf-zkn/3.10/BeantwoordVraag', ours: 'stuf-zkn-3.10/BeantwoordVraag.wsdl', official: 'zds-1.1/zkn0310/vraagAntwoord/zkn0310_beantwoordVraag.wsdl', subset: ['zakLv01', 'edcLv01'] },
  { endpoint: '/stuf-zkn/3.10/OntvangAsynchroon', ours: 'stuf-zkn-3.10/OntvangAsynchroon.wsdl', official: 'zds-1.1/zkn0310/mutatie/zkn0310_ontvangAsynchroon_mutatie.wsdl', subset: ['Bv01', 'Bv03', 'Fo01', 'Fo03', 'zakLk01', 'edcLk01'] },
];

const DIALECT_PATH: Record<DialectId, string> = { 'zds-1.2': '/zds/1.2', 'zds-1.1': '/zds/1.1', 'stuf-zkn': '/stuf-zkn/3.10' };
const BUNDLE_OF: Record<string, string> = { '/zds/1.2': 'zds-1.2', '/zds/1.1': 'zds-1.1', '/stuf-zkn/3.10': 'zds-1.1' };

/**
 * WSDL operations that have no ROUTES row, on purpose or as an open point: the asynchronous StUF replies
 * (Bv01/Bv03/Fo01/Fo03) the official ZS WSDLs declare on OntvangAsynchroon. The list is exact, so a
 * new unrouted operation, or a route added for one of these, shows up here.
 */
const KNOWN_UNROUTED: Record<string, string[]> = {
  '/zds/1.2/OntvangAsynchroon': ['Bv01', 'Fo01', 'Fo03'],
  '/zds/1.1/OntvangAsynchroon': ['Bv03', 'Fo01', 'Fo03'],
  '/stuf-zkn/3.10/OntvangAsynchroon': ['Bv01', 'Bv03', 'Fo01', 'Fo03'],
};

/**
 * Routes beyond the zs-dms WSDLs, on purpose: overdragenZaak_Di01 belongs to the official
 * zds0120_ontvangAsynchroon_overdragen_zs-dms.wsdl (the receiving zaaksysteem's port), and the STP sends it to
 * the zaaksysteem's OntvangAsynchroon. The list is exact.
 */
const KNOWN_EXTRA_ROUTES = new Set(['http://www.stufstandaarden.nl/koppelvlak/zds0120/overdragenZaak_Di01']);

const cache = new Map<string, Wsdl>();
function load(file: string): Wsdl {
  let w = cache.get(file);
  if (!w) cache.set(file, (w = readWsdl(file)));
  return w;
}

const fromPrefixed = (p: string) => {
  const [prefix, local] = p.split(':');
  return `{${(NS as Record<string, string>)[prefix]}}${local}`;
};

// ---------------------------------------------------------------------------------------------

describe('our WSDLs are interface-equal to the official ones', () => {
  test('wsdlPaths serves exactly our WSDL files', () => {
    assert.deepEqual(Object.keys(wsdlPaths).sort(), PAIRS.map((p) => p.endpoint).sort());
    for (const p of PAIRS) assert.equal(wsdlPaths[p.endpoint], path.join(root, 'wsdl', p.ours));
  });

  for (const pair of PAIRS) {
    test(`${pair.ours} ~ ${path.basename(pair.official)}`, () => {
      const ours = load(path.join(root, 'wsdl', pair.ours));
      const theirs = load(path.join(official, pair.official));
      assert.equal(ours.targetNamespace, theirs.targetNamespace, 'targetNamespace');
      const names = [...ours.operations.keys()].sort();
      if (pair.subset) {
        assert.deepEqual(names, [...pair.subset].sort(), 'operations (our subset)');
        for (const n of names) assert.ok(theirs.operations.has(n), `operation ${n} is not in the official WSDL`);
      } else {
        assert.deepEqual(names, [...theirs.operations.keys()].sort(), 'operation names');
      }
      for (const n of names) {
        const a = ours.operations.get(n)!;
        const b = theirs.operations.get(n)!;
        assert.equal(a.soapAction, b.soapAction, `soapAction of ${n}`);
        assert.equal(a.input, b.input, `input element of ${n}`);
        assert.equal(a.output, b.output, `output element of ${n}`);
        assert.deepEqual(a.faults, b.faults, `fault elements of ${n}`);
        assert.equal(a.soapStyle, 'document', `style of ${n}`);
        assert.deepEqual(a.uses, ['literal', 'literal', 'literal'], `soap:body/soap:fault use of ${n}`);
      }
      assert.deepEqual(ours.bindingStyles, ['document']);
      assert.deepEqual(ours.transports, ['http://schemas.xmlsoap.org/soap/http']);
    });
  }

  test('our WSDLs are self-contained: no wsdl:import', () => {
    for (const p of PAIRS) {
      const text = fs.readFileSync(path.join(root, 'wsdl', p.ours), 'utf8');
      assert.doesNotMatch(text, /<(\w+:)?import\b[^>]*\blocation=/, `${p.ours} imports another WSDL`);
    }
  });
});

describe('the schemas our WSDLs import', () => {
  const installed = fs.existsSync(path.join(schemaDir, 'zds-1.2')) && fs.existsSync(path.join(schemaDir, 'zds-1.1'));

  /** Top-level element QNames of a schema closure (xs:include/xs:import followed). */
  function declaredElements(entry: string[]): Set<string> {
    const out = new Set<string>();
    const seen = new Set<string>();
    const todo = [...entry];
    while (todo.length) {
      const f = todo.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      assert.ok(fs.existsSync(f), `schema ${f} is referenced but missing`);
      const doc = XmlDocument.fromBuffer(fs.readFileSync(f), { url: f });
      try {
        const s = doc.root;
        const tns = attr(s, 'targetNamespace') ?? '';
        for (const e of els(s, 'xs:element')) out.add(`{${tns}}${attr(e, 'name')}`);
        for (const r of els(s, 'xs:include|xs:import')) {
          const loc = attr(r, 'schemaLocation');
          if (loc && !/^[a-z]+:/i.test(loc)) todo.push(path.resolve(path.dirname(f), loc));
        }
      } finally {
        doc.dispose();
      }
    }
    return out;
  }

  for (const pair of PAIRS) {
    test(`${pair.ours}: imports resolve on disk and over HTTP, and declare every message element`, () => {
      assert.ok(installed, 'xsd/ is not installed: run `node scripts/install-schemas.mjs`');
      const file = path.join(root, 'wsdl', pair.ours);
      const w = load(file);
      const bundle = BUNDLE_OF[pair.endpoint.split('/').slice(0, 3).join('/')];
      assert.ok(w.schemaImports.length > 0, 'no xs:import in wsdl:types');
      const entries: string[] = [];
      for (const [ns, loc] of w.schemaImports) {
        assert.ok(!path.isAbsolute(loc) && !/^[a-z]+:/i.test(loc), `schemaLocation ${loc} must be relative`);
        // on disk: wsdl/<dir>/X.wsdl -> ../../xsd/<bundle>/...
        const onDisk = path.resolve(path.dirname(file), loc);
        assert.ok(onDisk.startsWith(path.join(schemaDir, bundle) + path.sep), `${loc} is not inside xsd/${bundle}`);
        assert.ok(fs.existsSync(onDisk), `${loc} does not exist on disk`);
        // over HTTP: relative to <endpoint>?wsdl
        const url = new URL(loc, `http://gateway.test${pair.endpoint}?wsdl`);
        assert.equal(url.pathname, `/xsd/${path.relative(schemaDir, onDisk).split(path.sep).join('/')}`);
        const served = serveSchema(url.pathname, schemaDir);
        assert.ok(served, `${url.pathname} is not served`);
        assert.deepEqual(served.body, fs.readFileSync(onDisk));
        const doc = XmlDocument.fromBuffer(served.body);
        try {
          assert.equal(attr(doc.root, 'targetNamespace'), ns, `targetNamespace of ${loc}`);
        } finally {
          doc.dispose();
        }
        entries.push(onDisk);
      }
      const declared = declaredElements(entries);
      for (const [name, op] of w.operations) {
        for (const e of [op.input, op.output, ...op.faults.map((f) => f.slice(f.indexOf('=') + 1))]) {
          assert.ok(declared.has(e), `${name}: element ${e} is not declared by the imported schemas`);
        }
      }
    });
  }
});

describe('the routing table agrees with the WSDLs', () => {
  const rows = ROUTES.filter((r) => r.dialect in DIALECT_PATH);

  test('every route has its SOAPAction, request root and answer in the WSDL of its dialect and port', () => {
    assert.ok(rows.length > 0);
    const problems: string[] = [];
    for (const r of rows.filter((x) => !KNOWN_EXTRA_ROUTES.has(x.action))) {
      const endpoint = `${DIALECT_PATH[r.dialect]}/${PORT_NAMES[r.dialect][r.port]}`;
      const file = wsdlPaths[endpoint];
      if (!file) { problems.push(`${r.dialect} ${r.operation}: no WSDL for ${endpoint}`); continue; }
      const w = load(file);
      const ops = [...w.operations.entries()].filter(([, o]) => o.soapAction === r.action);
      if (ops.length !== 1) { problems.push(`${r.dialect} ${r.operation}: SOAPAction ${r.action} occurs ${ops.length}x in ${endpoint}`); continue; }
      const [name, op] = ops[0];
      if (op.input !== `{${r.rootNs}}${r.rootName}`) problems.push(`${r.dialect} ${r.operation}: root {${r.rootNs}}${r.rootName} but WSDL ${name} takes ${op.input}`);
      const answer = r.answerRoot ? fromPrefixed(r.answerRoot)
        : `{${NS.StUF}}${r.berichtcode === 'Di02' ? 'Bv02' : 'Bv03'}Bericht`;
      if (op.output !== answer) problems.push(`${r.dialect} ${r.operation}: answers ${answer} but WSDL ${name} returns ${op.output}`);
      const fault = `fout={${NS.StUF}}${r.berichtcode === 'Lv01' || r.berichtcode === 'Di02' ? 'Fo02' : 'Fo03'}Bericht`;
      if (op.faults.join() !== fault) problems.push(`${r.dialect} ${r.operation}: fault ${fault} but WSDL ${name} declares ${op.faults.join()}`);
    }
    assert.deepEqual(problems, []);
    assert.deepEqual(rows.filter((x) => KNOWN_EXTRA_ROUTES.has(x.action)).map((x) => x.action), [...KNOWN_EXTRA_ROUTES]);
  });

  test('every WSDL operation is routed, except the known unrouted ones', () => {
    for (const [endpoint, file] of Object.entries(wsdlPaths)) {
      const dialect = (Object.keys(DIALECT_PATH) as DialectId[]).find((d) => endpoint.startsWith(DIALECT_PATH[d] + '/'))!;
      const port = endpoint.split('/').pop()!;
      const routed = new Set(rows.filter((r) => r.dialect === dialect && PORT_NAMES[dialect][r.port] === port).map((r) => r.action));
      const unrouted = [...load(file).operations].filter(([, o]) => !routed.has(o.soapAction!)).map(([n]) => n).sort();
      assert.deepEqual(unrouted, [...(KNOWN_UNROUTED[endpoint] ?? [])].sort(), `unrouted operations of ${endpoint}`);
    }
  });
});

describe('serveWsdl', () => {
  test('sets soap:address to the requested base URL and endpoint', async () => {
    for (const endpoint of Object.keys(wsdlPaths)) {
      const text = await serveWsdl(endpoint, 'http://127.0.0.1:34567');
      assert.ok(text, endpoint);
      const doc = XmlDocument.fromString(text);
      try {
        const locations = (doc.find('//soap:address/@location', X) as unknown as { value: string }[]).map((a) => a.value);
        assert.deepEqual(locations, [`http://127.0.0.1:34567${endpoint}`]);
      } finally {
        doc.dispose();
      }
      assert.doesNotMatch(text, /localhost:8080/);
    }
  });

  test('accepts ?wsdl and a trailing slash, escapes the base URL, caches the file', async () => {
    const a = await serveWsdl('/zds/1.1/VrijeBerichten?wsdl', 'https://zaken.example.nl/');
    assert.match(a!, /<soap:address location="https:\/\/zaken\.example\.nl\/zds\/1\.1\/VrijeBerichten"\/>/);
    const b = await serveWsdl('/zds/1.1/VrijeBerichten/', 'http://h"x&y');
    assert.match(b!, /location="http:\/\/h&quot;x&amp;y\/zds\/1\.1\/VrijeBerichten"/);
    // the cached original is not modified by a rewrite
    const c = await serveWsdl('/zds/1.1/VrijeBerichten', 'http://other:1');
    assert.match(c!, /location="http:\/\/other:1\/zds\/1\.1\/VrijeBerichten"/);
  });

  test('undefined for an unknown path', async () => {
    assert.equal(await serveWsdl('/zds/1.3/BeantwoordVraag', 'http://h'), undefined);
    assert.equal(await serveWsdl('/zds/1.2/Nope', 'http://h'), undefined);
    assert.equal(await serveWsdl('/toString', 'http://h'), undefined);
    assert.equal(await serveWsdl('/__proto__', 'http://h'), undefined);
  });
});

describe('serveSchema', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'serve-schema-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const dir = path.join(tmp, 'xsd');
  fs.mkdirSync(path.join(dir, 'b', 'sub'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'b', 'sub', 'a.xsd'), '<schema/>');
  fs.writeFileSync(path.join(dir, 'b', 'x.wsdl'), '<definitions/>');
  fs.writeFileSync(path.join(dir, 'b', 'notes.txt'), 'no');
  fs.writeFileSync(path.join(tmp, 'secret.xsd'), '<secret/>');
  fs.symlinkSync(path.join(tmp, 'secret.xsd'), path.join(dir, 'b', 'link.xsd'));

  test('serves a real schema file of the installed bundles', () => {
    const p = '/xsd/zds-1.2/zds0120/berichten/zds0120_msg_zs-dms.xsd';
    const s = serveSchema(p, schemaDir);
    assert.ok(s, 'xsd/ is not installed? run `node scripts/install-schemas.mjs`');
    assert.equal(s.contentType, 'text/xml; charset=utf-8');
    assert.deepEqual(s.body, fs.readFileSync(path.join(schemaDir, 'zds-1.2/zds0120/berichten/zds0120_msg_zs-dms.xsd')));
    assert.ok(serveSchema(p + '?x=1', schemaDir));
  });

  test('serves .xsd and .wsdl files under schemaDir only', () => {
    assert.equal(serveSchema('/xsd/b/sub/a.xsd', dir)?.body.toString(), '<schema/>');
    assert.equal(serveSchema('/xsd/b/x.wsdl', dir)?.body.toString(), '<definitions/>');
    assert.equal(serveSchema('/xsd/b/notes.txt', dir), undefined);
    assert.equal(serveSchema('/xsd/b/missing.xsd', dir), undefined);
    assert.equal(serveSchema('/xsd/b/sub', dir), undefined);
    assert.equal(serveSchema('/xsd/b/link.xsd', dir), undefined, 'symlink out of schemaDir');
    assert.equal(serveSchema('/other/b/sub/a.xsd', dir), undefined);
  });

  test('rejects path traversal and odd paths', () => {
    for (const p of [
      '/xsd/../secret.xsd', '/xsd/b/../../secret.xsd', '/xsd/%2e%2e/secret.xsd', '/xsd/..%2fsecret.xsd',
      '/xsd/b/%2e%2e/%2e%2e/secret.xsd', '/xsd/b/..%5c..%5csecret.xsd', '/xsd/b\\..\\..\\secret.xsd',
      `/xsd/${encodeURIComponent(path.join(tmp, 'secret.xsd'))}`, `/xsd/${path.join(tmp, 'secret.xsd')}`,
      '/xsd//secret.xsd', '/xsd/./b/sub/a.xsd', '/xsd/b/sub/a.xsd%00.xsd', '/xsd/%zz.xsd', '/xsd/', '/xsd',
      '/xsd/../package.json',
    ]) {
      assert.equal(serveSchema(p, dir), undefined, p);
    }
    assert.equal(serveSchema('/xsd/../package.json', schemaDir), undefined);
    assert.equal(serveSchema('/xsd/zds-1.2/../../wsdl/zds-1.2/BeantwoordVraag.wsdl', schemaDir), undefined);
  });
});
