// Interoperability with two generic SOAP stacks that municipalities use: python zeep and node-soap.
// Both load the gateway's own WSDLs over HTTP (?wsdl, schemas from /xsd/...) and call the services
// through the WSDL-loaded client. Nothing is skipped: without python3 + zeep this test fails.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import soap from 'soap';
import { startServer } from '../src/http/server.ts';
import { loadConfig } from '../src/config/index.ts';
import { wsdlPaths } from '../src/http/wsdl.ts';
import { post, uniqueId } from './helpers.ts';
import { creeerZaak12 } from './messages.ts';

const execFileP = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const ZEEP_CLIENT = path.join(here, 'interop', 'zeep_client.py');

const STUF = 'http://www.egem.nl/StUF/StUF0301';
const ZKN = 'http://www.egem.nl/StUF/sector/zkn/0310';

const VERSIONS = [
  { version: '1.2', vrij: '/zds/1.2/VerwerkSynchroonVrijBericht', vraag: '/zds/1.2/BeantwoordVraag', details: 'geefZaakdetails_ZakLv01' },
  { version: '1.1', vrij: '/zds/1.1/VrijeBerichten', vraag: '/zds/1.1/BeantwoordVraag', details: 'geefZaakdetails_Lv01' },
] as const;

/** A zaak identificatie as the XSD and ZDS allow it (5..40 characters, none of \ / " * ? : < > |). */
function assertZaakIdentificatie(id: unknown, what: string): asserts id is string {
  assert.equal(typeof id, 'string', `${what}: no identificatie`);
  assert.match(id as string, /^[^\\/"*?:<>|\s]{5,40}$/, `${what}: identificatie '${id}'`);
}

let srv: { url: string; close(): Promise<void> };
let config: ReturnType<typeof loadConfig>;

before(async () => {
  config = loadConfig({ DATABASE_URL: process.env.DATABASE_URL ?? 'sqlite::memory:', PORT: '0', LOG_LEVEL: 'warn' } as any);
  srv = await startServer(config);
});

after(async () => {
  await srv?.close();
});

/** Registers a zaak (raw creeerZaak, ZDS 1.2) so that geefZaakdetails has something to find. */
async function registerZaak(id = uniqueId()): Promise<string> {
  const r = await post(`${srv.url}/zds/1.2/OntvangAsynchroon`, 'http://www.stufstandaarden.nl/koppelvlak/zds0120/creeerZaak_ZakLk01', creeerZaak12(id));
  assert.equal(r.status, 200, r.text);
  return id;
}

test('the served WSDLs carry the address they were fetched from, and their schemas are served', async () => {
  for (const endpoint of Object.keys(wsdlPaths)) {
    const r = await fetch(`${srv.url}${endpoint}?wsdl`);
    assert.equal(r.status, 200, endpoint);
    assert.match(r.headers.get('content-type') ?? '', /^text\/xml/);
    const text = await r.text();
    assert.ok(text.includes(`<soap:address location="${srv.url}${endpoint}"/>`), `${endpoint}: soap:address not rewritten`);
    for (const m of text.matchAll(/schemaLocation="([^"]+)"/g)) {
      const x = await fetch(new URL(m[1], `${srv.url}${endpoint}?wsdl`));
      assert.equal(x.status, 200, `${endpoint}: ${m[1]}`);
      assert.match(await x.text(), /<(\w+:)?schema\b/);
    }
  }
});

// ---------------------------------------------------------------------------------------------
// python zeep

async function findPython(): Promise<string> {
  const candidates = process.env.PYTHON ? [process.env.PYTHON] : ['python3', '/usr/bin/python3'];
  const tried: string[] = [];
  for (const py of candidates) {
    try {
      await execFileP(py, ['-c', 'import zeep'], { timeout: 30_000 });
      return py;
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      tried.push(`${py}: ${(err.stderr || err.message).trim().split('\n').pop()}`);
    }
  }
  return assert.fail(`python3 with zeep is required (Debian: apt-get install python3-zeep; or set PYTHON=/path/to/python3). Tried: ${tried.join(' | ')}`);
}

interface ZeepCall {
  ok: boolean;
  error?: string;
  fault?: { faultcode?: string; faultstring?: string; stufCode?: string | null; detail?: string };
  identificatie?: string;
  identificaties?: string[];
  berichtcode?: string;
}
interface ZeepResult {
  version: string;
  vrijWsdl: { url: string; ok: boolean; operations?: string[]; error?: string };
  vraagWsdl?: { url: string; ok: boolean; operations?: string[]; error?: string };
  genereerZaakIdentificatie?: ZeepCall;
  geefZaakdetails?: ZeepCall & { identificatie: string };
}

describe('python zeep', () => {
  test('loads the ZDS 1.2 and 1.1 WSDLs and calls genereerZaakIdentificatie and geefZaakdetails', { timeout: 300_000 }, async () => {
    const python = await findPython();
    const zaken: Record<string, string> = { '1.2': await registerZaak(), '1.1': await registerZaak() };
    const args = [ZEEP_CLIENT, srv.url, '--ontvanger-applicatie', config.zaaksysteem.applicatie, '--zaak-1.2', zaken['1.2'], '--zaak-1.1', zaken['1.1']];
    if (config.zaaksysteem.organisatie) args.push('--ontvanger-organisatie', config.zaaksysteem.organisatie);
    let stdout: string;
    try {
      ({ stdout } = await execFileP(python, args, { timeout: 240_000, maxBuffer: 16 * 1024 * 1024 }));
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string; message: string };
      return assert.fail(`zeep_client.py failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
    }
    const out = JSON.parse(stdout) as { zeep: string; results: ZeepResult[] };
    const show = (x: unknown) => JSON.stringify(x, null, 1);
    assert.deepEqual(out.results.map((r) => r.version), ['1.2', '1.1']);
    const ids = new Set<string>();
    for (const r of out.results) {
      const v = VERSIONS.find((x) => x.version === r.version)!;
      assert.ok(r.vrijWsdl.ok, `zeep ${out.zeep} cannot load ${r.vrijWsdl.url}: ${r.vrijWsdl.error}`);
      assert.ok(r.vrijWsdl.operations?.includes('genereerZaakIdentificatie_Di02'));
      const g = r.genereerZaakIdentificatie!;
      assert.ok(g.ok, `ZDS ${r.version} genereerZaakIdentificatie: ${show(g)}`);
      assert.equal(g.berichtcode, 'Du02');
      assertZaakIdentificatie(g.identificatie, `ZDS ${r.version} genereerZaakIdentificatie`);
      assert.ok(!ids.has(g.identificatie), 'the same identificatie was issued twice');
      ids.add(g.identificatie);

      assert.ok(r.vraagWsdl?.ok, `zeep ${out.zeep} cannot load ${r.vraagWsdl?.url}: ${r.vraagWsdl?.error}`);
      assert.ok(r.vraagWsdl.operations?.includes(v.details));
      const d = r.geefZaakdetails!;
      assert.ok(d.ok, `ZDS ${r.version} geefZaakdetails: ${show(d)}`);
      assert.equal(d.berichtcode, 'La01');
      assert.deepEqual(d.identificaties, [zaken[r.version]], `ZDS ${r.version} geefZaakdetails`);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// node-soap

/** Text of a node-soap value: `"x"` or `{ attributes, $value: "x" }`. */
function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') return text((v as { $value?: unknown }).$value);
  return String(v);
}

/** The StUF foutcode in the detail of a node-soap fault error, if it is one. */
function stufFaultCode(e: unknown): string | undefined {
  const fault = (e as { root?: { Envelope?: { Body?: { Fault?: Record<string, unknown> } } } }).root?.Envelope?.Body?.Fault;
  const detail = fault?.detail ?? fault?.Detail;
  const find = (o: unknown): string | undefined => {
    if (!o || typeof o !== 'object') return undefined;
    for (const [k, v] of Object.entries(o)) {
      if (k === 'code' || k.endsWith(':code')) return text(v);
      const r = find(v);
      if (r) return r;
    }
    return undefined;
  };
  return find(detail);
}

describe('node-soap', () => {
  const zender = { organisatie: 'INTEROP', applicatie: 'NODESOAP' };
  const ontvanger = () => ({ ...(config.zaaksysteem.organisatie ? { organisatie: config.zaaksysteem.organisatie } : {}), applicatie: config.zaaksysteem.applicatie });
  const now = () => new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const ref = () => `nodesoap-${randomUUID().slice(0, 18)}`;

  /** geefZaakdetails body content, raw: node-soap's object mode puts the ZKN/StUF children of the ZDS 1.2 root in the ZDS namespace. */
  function detailsXml(id: string): string {
    const xmlns = `xmlns:StUF="${STUF}" xmlns:ZKN="${ZKN}"`;
    const sys = (tag: string, s: { organisatie?: string; applicatie: string }) =>
      `<StUF:${tag}>${s.organisatie ? `<StUF:organisatie>${s.organisatie}</StUF:organisatie>` : ''}<StUF:applicatie>${s.applicatie}</StUF:applicatie></StUF:${tag}>`;
    return `<ZKN:stuurgegevens ${xmlns}><StUF:berichtcode>Lv01</StUF:berichtcode>${sys('zender', zender)}${sys('ontvanger', ontvanger())}` +
      `<StUF:referentienummer>${ref()}</StUF:referentienummer><StUF:tijdstipBericht>${now()}</StUF:tijdstipBericht><StUF:entiteittype>ZAK</StUF:entiteittype></ZKN:stuurgegevens>` +
      `<ZKN:parameters ${xmlns}><StUF:sortering>0</StUF:sortering><StUF:indicatorVervolgvraag>false</StUF:indicatorVervolgvraag></ZKN:parameters>` +
      `<ZKN:gelijk ${xmlns} StUF:entiteittype="ZAK"><ZKN:identificatie>${id}</ZKN:identificatie></ZKN:gelijk>` +
      `<ZKN:scope ${xmlns}><ZKN:object StUF:entiteittype="ZAK" StUF:scope="alles"/></ZKN:scope>`;
  }

  for (const v of VERSIONS) {
    test(`ZDS ${v.version}: genereerZaakIdentificatie and geefZaakdetails through the served WSDLs`, { timeout: 120_000 }, async () => {
      const vrij = await soap.createClientAsync(`${srv.url}${v.vrij}?wsdl`);
      const [du02] = await vrij.genereerZaakIdentificatie_Di02Async({
        stuurgegevens: { berichtcode: 'Di02', zender, ontvanger: ontvanger(), referentienummer: ref(), tijdstipBericht: now(), functie: 'genereerZaakidentificatie' },
      });
      assert.equal(text(du02?.stuurgegevens?.berichtcode), 'Du02', JSON.stringify(du02));
      const id = text(du02?.zaak?.identificatie);
      assertZaakIdentificatie(id, `node-soap ZDS ${v.version} genereerZaakIdentificatie`);

      const vraag = await soap.createClientAsync(`${srv.url}${v.vraag}?wsdl`);
      await registerZaak(id);
      let la01: any;
      try {
        [la01] = await vraag[`${v.details}Async`]({ $xml: detailsXml(id) });
      } catch (e) {
        assert.fail(`node-soap ZDS ${v.version} geefZaakdetails: StUF ${stufFaultCode(e)}: ${(e as Error).message}`);
      }
      assert.equal(text(la01?.stuurgegevens?.berichtcode), 'La01', JSON.stringify(la01));
      const objects = [la01?.antwoord?.object ?? []].flat();
      assert.deepEqual(objects.map((o: any) => text(o?.identificatie)), [id]);
    });
  }
});
