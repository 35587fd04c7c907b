// The spine over real HTTP: endpoints, SOAP 1.1/1.2, dispatch, validation policy, faults, identificaties.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { A11, A12 } from '../src/stuf/dialect.ts';
import { Validators, SchemasMissingError } from '../src/xsd/validators.ts';
import type { RunningServer } from '../src/http/server.ts';
import { assertValidAnswer, DATABASE_URL, envelope, faultCode, post, startTestServer, textOf, uniqueId, XMLNS } from './helpers.ts';
import { creeerZaak12, genereerDi02 } from './messages.ts';

const genereer12 = (ref?: string) => genereerDi02('Zaak', ref).xml;
const genereer11 = envelope(`<ZKN:genereerZaakIdentificatie_Di02 ${XMLNS}><ZKN:stuurgegevens><StUF:berichtcode>Di02</StUF:berichtcode>
  <StUF:zender><StUF:applicatie>TST</StUF:applicatie></StUF:zender><StUF:ontvanger><StUF:applicatie>ZKM</StUF:applicatie></StUF:ontvanger>
  <StUF:referentienummer>r11</StUF:referentienummer><StUF:tijdstipBericht>20240101120000</StUF:tijdstipBericht>
  <StUF:functie>genereerZaakidentificatie</StUF:functie></ZKN:stuurgegevens></ZKN:genereerZaakIdentificatie_Di02>`);

describe('gateway over HTTP', () => {
  let srv: RunningServer;
  before(async () => {
    srv = await startTestServer({}, { validationPerZender: { 'SLORDIG': 'lenient' } });
  });
  after(async () => srv.close());

  it('genereerZaakIdentificatie ZDS 1.2: Du02, valid, unique per call', async () => {
    const a = await post(`${srv.url}/zds/1.2/VerwerkSynchroonVrijBericht`, `${A12}genereerZaakIdentificatie_Di02`, genereer12());
    const b = await post(`${srv.url}/zds/1.2/VerwerkSynchroonVrijBericht`, `${A12}genereerZaakIdentificatie_Di02`, genereer12());
    assert.equal(a.status, 200);
    assert.match(a.contentType, /^text\/xml/);
    assert.equal(assertValidAnswer(srv, a.text, 'zds-1.2').name, 'genereerZaakIdentificatie_Du02');
    const [ida, idb] = [textOf(a.text, 'identificatie'), textOf(b.text, 'identificatie')];
    assert.ok(ida && idb && ida !== idb && ida.startsWith('0999'));
    assert.equal(textOf(a.text, 'functie'), 'genereerZaakidentificatie');
  });

  it('genereerZaakIdentificatie ZDS 1.1 on VrijeBerichten', async () => {
    const a = await post(`${srv.url}/zds/1.1/VrijeBerichten`, `${A11}genereerZaakIdentificatie_Di02`, genereer11);
    assert.equal(a.status, 200);
    assert.equal(assertValidAnswer(srv, a.text, 'zds-1.1').name, 'genereerZaakIdentificatie_Du02');
    assert.equal(textOf(a.text, 'crossRefnummer'), 'r11');
  });

  it('answers SOAP 1.2 in SOAP 1.2, with the action in the content type', async () => {
    const a = await post(`${srv.url}/soap`, `${A12}genereerZaakIdentificatie_Di02`, genereer12().replace('http://schemas.xmlsoap.org/soap/envelope/', 'http://www.w3.org/2003/05/soap-envelope'), '1.2');
    assert.equal(a.status, 200);
    assert.match(a.contentType, /^application\/soap\+xml/);
    assert.match(a.text, /http:\/\/www\.w3\.org\/2003\/05\/soap-envelope/);
  });

  it('resolves an empty SOAPAction from a ZDS 1.2 root (as Haarlem posted)', async () => {
    const a = await post(`${srv.url}/zds/1.2/VerwerkSynchroonVrijBericht`, '', genereer12());
    assert.equal(a.status, 200);
  });

  it('answers an unknown SOAPAction with a valid Fo02 StUF040 in a SOAP Fault, HTTP 500', async () => {
    const a = await post(`${srv.url}/soap`, 'UnknownSoapAction', genereer12());
    assert.equal(a.status, 500);
    assert.equal(faultCode(a.text), 'StUF040');
    assert.equal(assertValidAnswer(srv, a.text, 'zds-1.2').name, 'Fo02Bericht');
    assert.match(a.text, /<faultcode>soapenv:Server<\/faultcode>/, 'StUF040: plek server (StUF Tabel 4.1)');
    assert.match(a.text, /<StUF:plek>server<\/StUF:plek>/);
    assert.doesNotMatch(a.text, /at .*\.ts:\d+/, 'no stack trace');
  });

  it('answers XML that is not well-formed with StUF055', async () => {
    const a = await post(`${srv.url}/soap`, `${A12}creeerZaak_ZakLk01`, '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><oops>');
    assert.equal(a.status, 500);
    assert.equal(faultCode(a.text), 'StUF055');
    assertValidAnswer(srv, a.text, 'zds-1.2');
  });

  it('creeerZaak ZDS 1.2: Bv03 after commit; the same identificatie again is Fo03 StUF058', async () => {
    const id = uniqueId();
    const a = await post(`${srv.url}/zds/1.2/OntvangAsynchroon`, `${A12}creeerZaak_ZakLk01`, creeerZaak12(id));
    assert.equal(a.status, 200, a.text);
    assert.equal(assertValidAnswer(srv, a.text, 'zds-1.2').name, 'Bv03Bericht');
    assert.ok(await srv.gateway.db('zaak').where({ identificatie: id }).first());
    const b = await post(`${srv.url}/zds/1.2/OntvangAsynchroon`, `${A12}creeerZaak_ZakLk01`, creeerZaak12(id));
    assert.equal(b.status, 500);
    assert.equal(faultCode(b.text), 'StUF058');
    assert.equal(assertValidAnswer(srv, b.text, 'zds-1.2').name, 'Fo03Bericht');
  });

  it('strict validation: a schema-invalid message is StUF055 naming the error, and nothing is stored', async () => {
    const id = uniqueId();
    const bad = creeerZaak12(id, { extra: '<ZKN:bronorganisatie>0999</ZKN:bronorganisatie>' });
    const a = await post(`${srv.url}/zds/1.2/OntvangAsynchroon`, `${A12}creeerZaak_ZakLk01`, bad);
    assert.equal(a.status, 500);
    assert.equal(faultCode(a.text), 'StUF055');
    assert.match(textOf(a.text, 'details') ?? '', /bronorganisatie/);
    assert.equal(await srv.gateway.db('zaak').where({ identificatie: id }).first(), undefined);
  });

  it('lenient validation for a configured zender applicatie processes the same message', async () => {
    const id = uniqueId();
    const bad = creeerZaak12(id, { extra: '<ZKN:bronorganisatie>0999</ZKN:bronorganisatie>', applicatie: 'SLORDIG' });
    const a = await post(`${srv.url}/zds/1.2/OntvangAsynchroon`, `${A12}creeerZaak_ZakLk01`, bad);
    assert.equal(a.status, 200, a.text);
    assert.ok(await srv.gateway.db('zaak').where({ identificatie: id }).first());
  });

  it('strict catalogue: an unknown zaaktype is StUF058', async () => {
    const a = await post(`${srv.url}/zds/1.2/OntvangAsynchroon`, `${A12}creeerZaak_ZakLk01`, creeerZaak12(uniqueId(), { zaaktype: 'ONBEKEND' }));
    assert.equal(faultCode(a.text), 'StUF058');
    assert.match(textOf(a.text, 'details') ?? '', /ONBEKEND/);
  });

  it('refuses identificaties with characters that break CMIS paths', async () => {
    const a = await post(`${srv.url}/zds/1.2/OntvangAsynchroon`, `${A12}creeerZaak_ZakLk01`, creeerZaak12(`0999/${uniqueId('')}`));
    assert.equal(faultCode(a.text), 'StUF058');
  });

  it('HTTP-level refusals: unknown path 404, wrong content type 415, wrong port StUF040', async () => {
    assert.equal((await post(`${srv.url}/InvalidPath`, `${A11}genereerZaakIdentificatie_Di02`, genereer11)).status, 404);
    const r = await fetch(`${srv.url}/soap`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(r.status, 415);
    const w = await post(`${srv.url}/zds/1.2/BeantwoordVraag`, `${A12}genereerZaakIdentificatie_Di02`, genereer12());
    assert.equal(faultCode(w.text), 'StUF040');
  });

  it('health answers', async () => {
    assert.equal((await fetch(`${srv.url}/health`)).status, 200);
  });
});

describe('limits and start-up', () => {
  it('answers a body over the configured limit with 413 before parsing', async () => {
    const srv = await startTestServer({ STUF_MAX_BODY_BYTES: '1000' });
    try {
      const r = await post(`${srv.url}/soap`, `${A12}genereerZaakIdentificatie_Di02`, genereer12() + ' '.repeat(2000));
      assert.equal(r.status, 413);
    } finally {
      await srv.close();
    }
  });

  it('without schemas the gateway stops with one line that says how to install them', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'noxsd-'));
    assert.throws(() => Validators.load(empty), (e: Error) => e instanceof SchemasMissingError && /npm run schemas/.test(e.message));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...process.env, STUF_SCHEMA_DIR: empty, PORT: '0', DATABASE_URL: 'sqlite::memory:' }, encoding: 'utf8', timeout: 30000 });
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /make schemas/);
  });
});

describe('identificaties across gateway processes', () => {
  it('two gateways on one database hand out unique identificaties under concurrency', async () => {
    // Two gateway instances share the database: PostgreSQL in CI's second pass, a SQLite file otherwise.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-'));
    const env: Record<string, string> = DATABASE_URL.startsWith('postgres') ? {} : { DATABASE_URL: `sqlite:${path.join(dir, 'shared.db')}` };
    const a = await startTestServer(env);
    const b = await startTestServer(env);
    try {
      const calls = Array.from({ length: 200 }, (_, i) => post(`${(i % 2 ? a : b).url}/soap`, `${A12}genereerZaakIdentificatie_Di02`, genereer12()));
      const answers = await Promise.all(calls);
      const ids = answers.map((r) => textOf(r.text, 'identificatie'));
      assert.ok(answers.every((r) => r.status === 200), answers.find((r) => r.status !== 200)?.text);
      assert.equal(new Set(ids).size, 200);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
