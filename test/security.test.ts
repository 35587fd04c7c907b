// Who may do what (issue #6): authorisation per zender (StUF013 unknown, StUF052 refused, StUF010 not for us), TLS
// with client certificates bound to the zenders they may speak for, the append-only audit log of every answer that
// shows a BSN or a document (and its CLI), and the message log (request and answer without content or BSNs, retention).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../src/http/server.ts';
import { zoekAudit } from '../src/audit/audit.ts';
import { isBsn, verhuld } from '../src/audit/verhullen.ts';
import { A12 } from '../src/stuf/dialect.ts';
import { isPg, type Db } from '../src/store/db.ts';
import { findZaak } from '../src/store/zaken.ts';
import { assertValidAnswer, certificaten, DATABASE_URL, envelope, faultCode, freshDatabase, post, startTestServer, textOf, uniqueId, XMLNS } from './helpers.ts';
import { creeerZaak12, genereerDi02 } from './messages.ts';
import { document as voegDocumentToe, documentLezen } from './zds12.ts';

const BSN = '999999990'; // the initiator of creeerZaak12

function geefZaakdetails(id: string, applicatie = 'REGIE', ontvanger = 'ZKM'): string {
  return envelope(`<ZDS:geefZaakdetails_ZakLv01 ${XMLNS}><ZKN:stuurgegevens><StUF:berichtcode>Lv01</StUF:berichtcode>
    <StUF:zender><StUF:organisatie>0999</StUF:organisatie><StUF:applicatie>${applicatie}</StUF:applicatie><StUF:gebruiker>jansen</StUF:gebruiker></StUF:zender>
    <StUF:ontvanger><StUF:organisatie>0999</StUF:organisatie><StUF:applicatie>${ontvanger}</StUF:applicatie></StUF:ontvanger>
    <StUF:referentienummer>${uniqueId('Q')}</StUF:referentienummer><StUF:tijdstipBericht>20240311093015123</StUF:tijdstipBericht><StUF:entiteittype>ZAK</StUF:entiteittype></ZKN:stuurgegevens>
    <ZKN:parameters><StUF:sortering>0</StUF:sortering><StUF:indicatorVervolgvraag>false</StUF:indicatorVervolgvraag></ZKN:parameters>
    <ZKN:gelijk StUF:entiteittype="ZAK"><ZKN:identificatie>${id}</ZKN:identificatie></ZKN:gelijk>
    <ZKN:scope><ZKN:object StUF:entiteittype="ZAK" StUF:scope="alles"/></ZKN:scope></ZDS:geefZaakdetails_ZakLv01>`);
}

const CREEER = `${A12}creeerZaak_ZakLk01`;
const DETAILS = `${A12}geefZaakdetails_ZakLv01`;
const ON_PG = /^postgres(ql)?:\/\//.test(DATABASE_URL);

/** The same message from a zender with this gebruiker (the zender is the first systeem in the stuurgegevens). */
const metGebruiker = (xml: string, gebruiker: string) => xml.replace('</StUF:applicatie></StUF:zender>', `</StUF:applicatie><StUF:gebruiker>${gebruiker}</StUF:gebruiker></StUF:zender>`);
/** The same message to another ontvanger applicatie. */
const aanOntvanger = (xml: string, applicatie: string) => xml.replace('<StUF:applicatie>ZKM</StUF:applicatie></StUF:ontvanger>', `<StUF:applicatie>${applicatie}</StUF:applicatie></StUF:ontvanger>`);
const identificatieIn = (xml: string) => xml.match(/<ZKN:identificatie>([^<]+)</)![1];

/** Rows that a processed message leaves behind: zaken and their parts, the retransmission log, kennisgevingen, audit. */
async function opgeslagen(db: Db): Promise<Record<string, number>> {
  const n: Record<string, number> = {};
  for (const t of ['zaak', 'betrokkene', 'status', 'zaak_kenmerk', 'document', 'verwerkt_bericht', 'outbox', 'audit']) n[t] = Number((await db(t).count({ n: '*' }))[0].n);
  return n;
}

describe('authorisation per zender', () => {
  let srv: RunningServer;
  let drop: () => Promise<void>;
  before(async () => {
    const db = await freshDatabase();
    drop = db.drop;
    srv = await startTestServer({ DATABASE_URL: db.url }, {
      authorisation: {
        zenders: {
          '0999/REGIE': { operations: ['*'] }, WMO: { operations: ['geefZaakdetails', 'zakLv01'] },
          // gebruiker level: more rights for one WMO user, fewer for one REGIE user, and a user of an applicatie that is otherwise unknown
          '0999/WMO/beheerder': { operations: ['*'] }, '0999/REGIE/stagiair': { operations: ['geefZaakdetails'] }, '0999/GAST/gast1': { operations: ['geefZaakdetails'] },
        },
      },
    });
  });
  after(async () => {
    await srv.close();
    await drop();
  });

  it('an allowed zender is served; an unknown one is StUF013, a refused operation StUF052, another ontvanger StUF010; nothing is stored', async () => {
    const id = uniqueId('0999A');
    assert.equal((await post(`${srv.url}/zds/1.2/OntvangAsynchroon`, CREEER, creeerZaak12(id))).status, 200);
    assert.equal((await post(`${srv.url}/zds/1.2/BeantwoordVraag`, DETAILS, geefZaakdetails(id, 'WMO'))).status, 200);
    const cases: [string, string, string, string][] = [
      ['/zds/1.2/BeantwoordVraag', DETAILS, geefZaakdetails(id, 'ONBEKEND'), 'StUF013'],
      ['/zds/1.2/OntvangAsynchroon', CREEER, creeerZaak12(uniqueId('0999B'), { applicatie: 'BUITEN' }), 'StUF013'],
      ['/zds/1.2/OntvangAsynchroon', CREEER, creeerZaak12(uniqueId('0999C'), { applicatie: 'WMO' }), 'StUF052'],
      ['/zds/1.2/BeantwoordVraag', DETAILS, geefZaakdetails(id, 'REGIE', 'ANDERZAAKSYSTEEM'), 'StUF010'],
      ['/zds/1.2/OntvangAsynchroon', CREEER, aanOntvanger(creeerZaak12(uniqueId('0999D')), 'ANDERZAAKSYSTEEM'), 'StUF010'],
    ];
    const voor = await opgeslagen(srv.gateway.db);
    for (const [p, action, xml, code] of cases) {
      const a = await post(srv.url + p, action, xml);
      assert.equal(a.status, 500, a.text);
      assert.equal(faultCode(a.text), code, a.text);
      assertValidAnswer(srv, a.text, 'zds-1.2');
    }
    // a refused creeerZaak of each kind (StUF013, StUF052, StUF010) leaves no zaak, no part of one, no log row
    for (const [, action, xml, code] of cases.filter(([, action]) => action === CREEER)) {
      assert.equal(await findZaak(srv.gateway.db, identificatieIn(xml), ''), undefined, `${code}: no zaak`);
    }
    assert.deepEqual(await opgeslagen(srv.gateway.db), voor, 'nothing stored for any refusal');
  });

  it('a gebruiker-level key (organisatie/applicatie/gebruiker) is the most specific and wins over organisatie/applicatie and applicatie', async () => {
    const ok = async (xml: string, action = CREEER, p = '/zds/1.2/OntvangAsynchroon') => {
      const a = await post(srv.url + p, action, xml);
      assert.equal(a.status, 200, a.text);
    };
    const refused = async (xml: string, code: string, action = CREEER, p = '/zds/1.2/OntvangAsynchroon') => {
      const voor = await opgeslagen(srv.gateway.db);
      const a = await post(srv.url + p, action, xml);
      assert.equal(a.status, 500, a.text);
      assert.equal(faultCode(a.text), code, a.text);
      assertValidAnswer(srv, a.text, 'zds-1.2');
      if (action === CREEER) assert.equal(await findZaak(srv.gateway.db, identificatieIn(xml), ''), undefined, `${code}: no zaak`);
      assert.deepEqual(await opgeslagen(srv.gateway.db), voor, `${code}: nothing stored`);
    };
    // WMO may only ask (key WMO), its user beheerder may call everything (key 0999/WMO/beheerder)
    const vanBeheerder = uniqueId('0999G');
    await ok(metGebruiker(creeerZaak12(vanBeheerder, { applicatie: 'WMO' }), 'beheerder'));
    assert.ok(await findZaak(srv.gateway.db, vanBeheerder, ''), 'the beheerder\'s zaak is stored');
    await refused(metGebruiker(creeerZaak12(uniqueId('0999G'), { applicatie: 'WMO' }), 'jan'), 'StUF052'); // another user: key WMO
    await refused(creeerZaak12(uniqueId('0999G'), { applicatie: 'WMO' }), 'StUF052'); // no user: key WMO
    // REGIE may call everything (key 0999/REGIE), its user stagiair only geefZaakdetails
    await refused(metGebruiker(creeerZaak12(uniqueId('0999G')), 'stagiair'), 'StUF052');
    const vanAnder = uniqueId('0999G');
    await ok(metGebruiker(creeerZaak12(vanAnder), 'jansen'));
    await ok(geefZaakdetails(vanAnder, 'REGIE').replace('<StUF:gebruiker>jansen</StUF:gebruiker>', '<StUF:gebruiker>stagiair</StUF:gebruiker>'), DETAILS, '/zds/1.2/BeantwoordVraag');
    // GAST is known only with its user gast1
    await ok(geefZaakdetails(vanAnder, 'GAST').replace('<StUF:gebruiker>jansen</StUF:gebruiker>', '<StUF:gebruiker>gast1</StUF:gebruiker>'), DETAILS, '/zds/1.2/BeantwoordVraag');
    await refused(geefZaakdetails(vanAnder, 'GAST'), 'StUF013', DETAILS, '/zds/1.2/BeantwoordVraag'); // user jansen: unknown
    await refused(metGebruiker(creeerZaak12(uniqueId('0999G'), { applicatie: 'GAST' }), 'gast1'), 'StUF052');
    await refused(creeerZaak12(uniqueId('0999G'), { applicatie: 'GAST' }), 'StUF013');
  });
});

function httpsPost(url: string, action: string, xml: string, tls: { ca: string; cert?: string; key?: string }): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, {
      method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"` },
      ca: fs.readFileSync(tls.ca), cert: tls.cert && fs.readFileSync(tls.cert), key: tls.key && fs.readFileSync(tls.key),
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(xml);
  });
}

describe('TLS with client certificates', () => {
  let srv: RunningServer;
  let drop: () => Promise<void>;
  let dir: string;
  let f: Record<string, string>;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stuf-tls-'));
    f = certificaten(dir, ['regie', 'wmo']);
    const db = await freshDatabase();
    drop = db.drop;
    srv = await startTestServer({ DATABASE_URL: db.url }, {
      security: {
        tls: { cert: f['server.pem'], key: f['server.key'], ca: f['ca.pem'], requireClientCert: true },
        certificates: { 'CN=regie.testdorp.nl': ['0999/REGIE'], 'O=Gemeente Testdorp,CN=wmo.testdorp.nl': ['0999/WMO'] },
      },
    });
  });
  after(async () => {
    await srv.close();
    await drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('HTTPS only; a client without certificate is refused in the handshake; a certificate speaks only for its own zenders', async () => {
    assert.match(srv.url, /^https:/);
    assert.equal(srv.plainUrl, undefined, 'no plain HTTP when TLS is configured');
    const regie = { ca: f['ca.pem'], cert: f['regie.pem'], key: f['regie.key'] };
    const wmo = { ca: f['ca.pem'], cert: f['wmo.pem'], key: f['wmo.key'] };
    const id = uniqueId('0999T');
    const ok = await httpsPost(`${srv.url}/zds/1.2/OntvangAsynchroon`, CREEER, creeerZaak12(id), regie);
    assert.equal(ok.status, 200, ok.text);
    assert.equal((await httpsPost(`${srv.url}/zds/1.2/BeantwoordVraag`, DETAILS, geefZaakdetails(id, 'WMO'), wmo)).status, 200);
    const vreemd = await httpsPost(`${srv.url}/zds/1.2/OntvangAsynchroon`, CREEER, creeerZaak12(uniqueId('0999U')), wmo); // WMO's certificate, zender REGIE
    assert.equal(vreemd.status, 500);
    assert.equal(faultCode(vreemd.text), 'StUF052');
    await assert.rejects(httpsPost(`${srv.url}/zds/1.2/BeantwoordVraag`, DETAILS, geefZaakdetails(id), { ca: f['ca.pem'] }), 'no client certificate: no TLS session');
    // the audit log names the certificate
    const [rec] = await zoekAudit(srv.gateway.db, { zender: '0999/WMO' });
    assert.match(rec.certificaat ?? '', /CN=wmo\.testdorp\.nl/);
  });

  it('a client certificate that another CA signed is refused in the handshake, even with the same subject', async () => {
    const ander = fs.mkdtempSync(path.join(os.tmpdir(), 'stuf-tls-ander-'));
    try {
      const g = certificaten(ander, ['regie']); // a CA of the same name, another key: CN=regie.testdorp.nl, O=Gemeente Testdorp
      const id = uniqueId('0999V');
      await assert.rejects(httpsPost(`${srv.url}/zds/1.2/OntvangAsynchroon`, CREEER, creeerZaak12(id), { ca: f['ca.pem'], cert: g['regie.pem'], key: g['regie.key'] }),
        'a certificate of another CA: no TLS session');
      assert.equal(await findZaak(srv.gateway.db, id, ''), undefined);
      // the same message with the certificate our CA signed goes through
      assert.equal((await httpsPost(`${srv.url}/zds/1.2/OntvangAsynchroon`, CREEER, creeerZaak12(id), { ca: f['ca.pem'], cert: f['regie.pem'], key: f['regie.key'] })).status, 200);
    } finally {
      fs.rmSync(ander, { recursive: true, force: true });
    }
  });
});

describe('TLS with security.plainHttpPort (development)', () => {
  let srv: RunningServer;
  let drop: () => Promise<void>;
  let dir: string;
  let f: Record<string, string>;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stuf-tls-'));
    f = certificaten(dir, ['regie']);
    const db = await freshDatabase();
    drop = db.drop;
    srv = await startTestServer({ DATABASE_URL: db.url }, {
      security: { tls: { cert: f['server.pem'], key: f['server.key'], ca: f['ca.pem'], requireClientCert: true }, plainHttpPort: 0 },
    });
  });
  after(async () => {
    await srv.close();
    await drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('plain HTTP answers on plainHttpPort while the TLS port still asks a client certificate', async () => {
    assert.match(srv.url, /^https:/);
    assert.match(srv.plainUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(srv.plainUrl, srv.url.replace('https:', 'http:'));
    const id = uniqueId('0999P');
    const plain = await post(`${srv.plainUrl}/zds/1.2/OntvangAsynchroon`, CREEER, creeerZaak12(id));
    assert.equal(plain.status, 200, plain.text);
    assert.match(plain.text, /Bv03Bericht/);
    assert.equal((await post(`${srv.plainUrl}/zds/1.2/BeantwoordVraag`, DETAILS, geefZaakdetails(id))).status, 200);
    assert.equal((await fetch(`${srv.plainUrl}/health`)).status, 200);
    // the TLS port: no session without a certificate, no answer to plain HTTP; with the certificate it serves
    await assert.rejects(httpsPost(`${srv.url}/zds/1.2/BeantwoordVraag`, DETAILS, geefZaakdetails(id), { ca: f['ca.pem'] }));
    await assert.rejects(fetch(`${srv.url.replace('https:', 'http:')}/health`, { signal: AbortSignal.timeout(5000) }));
    assert.equal((await httpsPost(`${srv.url}/zds/1.2/BeantwoordVraag`, DETAILS, geefZaakdetails(id), { ca: f['ca.pem'], cert: f['regie.pem'], key: f['regie.key'] })).status, 200);
  });
});

describe('TLS with a CA but without requireClientCert, and a certificate mapping', () => {
  let srv: RunningServer;
  let drop: () => Promise<void>;
  let dir: string;
  let ander: string;
  let f: Record<string, string>;
  let g: Record<string, string>;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stuf-tls-'));
    ander = fs.mkdtempSync(path.join(os.tmpdir(), 'stuf-tls-ander-'));
    f = certificaten(dir, ['regie']);
    g = certificaten(ander, ['regie']);
    const db = await freshDatabase();
    drop = db.drop;
    srv = await startTestServer({ DATABASE_URL: db.url }, {
      security: { tls: { cert: f['server.pem'], key: f['server.key'], ca: f['ca.pem'] }, certificates: { 'CN=regie.testdorp.nl': ['0999/REGIE'] } },
    });
  });
  after(async () => {
    await srv.close();
    await drop();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(ander, { recursive: true, force: true });
  });

  it('a message without a certificate (or with one our CA did not sign) gets a TLS session but is StUF052 and stores nothing', async () => {
    const voor = await opgeslagen(srv.gateway.db);
    for (const [wie, tls] of [['no certificate', { ca: f['ca.pem'] }], ['another CA', { ca: f['ca.pem'], cert: g['regie.pem'], key: g['regie.key'] }]] as const) {
      const id = uniqueId('0999W');
      const a = await httpsPost(`${srv.url}/zds/1.2/OntvangAsynchroon`, CREEER, creeerZaak12(id), tls);
      assert.equal(a.status, 500, `${wie}: ${a.text}`);
      assert.equal(faultCode(a.text), 'StUF052', wie);
      assertValidAnswer(srv, a.text, 'zds-1.2');
      assert.equal(await findZaak(srv.gateway.db, id, ''), undefined, wie);
    }
    assert.deepEqual(await opgeslagen(srv.gateway.db), voor);
    const id = uniqueId('0999W');
    const ok = await httpsPost(`${srv.url}/zds/1.2/OntvangAsynchroon`, CREEER, creeerZaak12(id), { ca: f['ca.pem'], cert: f['regie.pem'], key: f['regie.key'] });
    assert.equal(ok.status, 200, ok.text);
  });
});

describe('audit log and message log', () => {
  let srv: RunningServer;
  let drop: () => Promise<void>;
  let url: string;
  before(async () => {
    const db = await freshDatabase({ file: true }); // the audit CLI (another process) reads it
    drop = db.drop;
    url = db.url;
    srv = await startTestServer({ DATABASE_URL: url });
  });
  after(async () => {
    await srv.close();
    await drop();
  });

  it('an answer with a BSN is recorded (who, operation, zaak, BSN) before it is sent; the CLI lists it by BSN; the log refuses changes', async () => {
    const id = uniqueId('0999L');
    await post(`${srv.url}/zds/1.2/OntvangAsynchroon`, CREEER, creeerZaak12(id));
    assert.equal((await zoekAudit(srv.gateway.db, { bsn: BSN })).filter((r) => r.zaken === id).length, 0, 'a Bv03 shows no BSN');
    const vraag = geefZaakdetails(id);
    const a = await post(`${srv.url}/zds/1.2/BeantwoordVraag`, DETAILS, vraag);
    assert.equal(a.status, 200);
    const recs = (await zoekAudit(srv.gateway.db, { bsn: BSN })).filter((r) => r.zaken === id);
    assert.equal(recs.length, 1);
    assert.deepEqual([recs[0].zender, recs[0].gebruiker, recs[0].operatie, recs[0].bsns], ['0999/REGIE//jansen', 'jansen', 'geefZaakdetails', BSN]);
    assert.equal(recs[0].referentienummer, textOf(vraag, 'referentienummer'), 'the referentienummer of the vraag');
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/audit.ts', '--bsn', BSN, '--json'], { env: { ...process.env, DATABASE_URL: url, STUF_CONFIG: '' } }).toString();
    assert.ok((JSON.parse(out) as { zaken: string }[]).some((r) => r.zaken === id), 'the CLI finds it');
    const byZender = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/audit.ts', '--zender', '0999/REGIE', '--from', '2000-01-01'], { env: { ...process.env, DATABASE_URL: url, STUF_CONFIG: '' } }).toString();
    assert.match(byZender, new RegExp(id));
    await assert.rejects(srv.gateway.db('audit').update({ operatie: 'x' }), /append-only/);
    await assert.rejects(srv.gateway.db('audit_bsn').delete(), /append-only/);
  });

  it('an answer that shows a document records the document\'s identificatie and the referentienummer', async () => {
    const zaak = uniqueId('0999L');
    const doc = uniqueId('0999D');
    assert.equal((await post(`${srv.url}/zds/1.2/OntvangAsynchroon`, CREEER, creeerZaak12(zaak))).status, 200);
    const toe = voegDocumentToe(doc, zaak);
    assert.equal((await post(`${srv.url}/zds/1.2/OntvangAsynchroon`, toe.action, toe.xml)).status, 200);
    assert.equal((await zoekAudit(srv.gateway.db, { zender: '0999/WMO' })).filter((r) => r.documenten?.includes(doc)).length, 0, 'a Bv03 shows no document');
    const lees = documentLezen(doc);
    const a = await post(`${srv.url}/zds/1.2/BeantwoordVraag`, lees.action, lees.xml);
    assert.equal(a.status, 200, a.text);
    assert.match(a.text, /JVBERi0=/, 'the answer shows the document');
    const recs = (await zoekAudit(srv.gateway.db, { zender: '0999/WMO' })).filter((r) => r.documenten?.includes(doc));
    assert.equal(recs.length, 1);
    assert.deepEqual([recs[0].operatie, recs[0].documenten, recs[0].referentienummer, recs[0].zender], ['geefZaakdocumentLezen', doc, lees.ref, '0999/WMO//']);
  });

  it('--zender lists the zender key exactly or a prefix ending at a /: 0999/WMO is not 0999/WMO2', async () => {
    const org = uniqueId('Z').slice(0, 12); // an organisatie of this test only
    const keys = [`${org}/WMO//`, `${org}/WMO//jan`, `${org}/WMO2//`, `${org}/WMOX//piet`, `${org}0/WMO//`, `${org}/REGIE//`];
    for (const zender of keys) {
      await srv.gateway.schrijfAudit({ zender, gebruiker: null, certificaat: null, operatie: 'geefZaakdetails', referentienummer: uniqueId('R'), zaken: [], documenten: [], bsns: [BSN] });
    }
    const lijst = async (zender: string) => (await zoekAudit(srv.gateway.db, { zender })).map((r) => r.zender).sort();
    assert.deepEqual(await lijst(`${org}/WMO`), [`${org}/WMO//`, `${org}/WMO//jan`]);
    assert.deepEqual(await lijst(`${org}/WMO/`), [`${org}/WMO//`, `${org}/WMO//jan`]);
    assert.deepEqual(await lijst(`${org}/WMO//jan`), [`${org}/WMO//jan`]);
    assert.deepEqual(await lijst(`${org}/WMO2`), [`${org}/WMO2//`]);
    assert.deepEqual(await lijst(org), keys.filter((k) => k.startsWith(`${org}/`)).sort(), 'the organisatie lists its applicaties, not organisatie 0...');
    assert.deepEqual(await lijst(`${org}/WM`), [], 'no prefix inside a part');
    assert.deepEqual(await lijst(`${org}/WM_`), [], 'no LIKE wildcards');
    assert.deepEqual(await lijst(`${org}/%`), [], 'no LIKE wildcards');
    assert.deepEqual(await lijst(`${org}/wmo`), [], 'case-sensitive');
    // dashboard/ lists every dashboard user, dashboard/anna one
    const anna = `dashboard/${org}anna`;
    for (const zender of [anna, `dashboard/${org}bert`]) {
      await srv.gateway.schrijfAudit({ zender, gebruiker: null, certificaat: null, operatie: 'dashboard:zaak', referentienummer: null, zaken: [], documenten: [], bsns: [] });
    }
    assert.deepEqual((await lijst('dashboard/')).filter((z) => z?.includes(org)), [anna, `dashboard/${org}bert`]);
    assert.deepEqual(await lijst(anna), [anna]);
    // and the CLI
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/audit.ts', '--zender', `${org}/WMO`, '--json'], { env: { ...process.env, DATABASE_URL: url, STUF_CONFIG: '' } }).toString();
    assert.deepEqual((JSON.parse(out) as { zender: string }[]).map((r) => r.zender).sort(), [`${org}/WMO//`, `${org}/WMO//jan`]);
  });

  it('--from and --to select a period (from inclusive, to exclusive): records outside it are not listed', async () => {
    const zender = `${uniqueId('P').slice(0, 12)}/WMO//`;
    const op = (iso: string) => ({ tijdstip: new Date(iso), zender, operatie: 'geefZaakdetails', referentienummer: iso });
    // written as the gateway would have at those moments (the table refuses changes, not inserts)
    await srv.gateway.db('audit').insert(['2026-11-30T23:59:59Z', '2026-12-01T00:00:00Z', '2026-12-03T12:00:00Z', '2026-12-04T23:59:59Z', '2026-12-05T00:00:00Z', '2026-12-06T08:00:00Z'].map(op));
    const periode = async (van?: string, tot?: string) => (await zoekAudit(srv.gateway.db, { zender, van, tot })).map((r) => r.referentienummer);
    assert.deepEqual(await periode('2026-12-01', '2026-12-05'), ['2026-12-01T00:00:00Z', '2026-12-03T12:00:00Z', '2026-12-04T23:59:59Z']);
    assert.deepEqual(await periode('2026-12-04T12:00:00Z', '2026-12-05T00:00:01Z'), ['2026-12-04T23:59:59Z', '2026-12-05T00:00:00Z'], 'date and time');
    assert.deepEqual(await periode('2026-12-05'), ['2026-12-05T00:00:00Z', '2026-12-06T08:00:00Z']);
    assert.deepEqual(await periode(undefined, '2026-12-01'), ['2026-11-30T23:59:59Z']);
    // a record the gateway writes now (the column's default) falls in today, not in yesterday
    const id = uniqueId('0999L');
    await post(`${srv.url}/zds/1.2/OntvangAsynchroon`, CREEER, creeerZaak12(id));
    await post(`${srv.url}/zds/1.2/BeantwoordVraag`, DETAILS, geefZaakdetails(id));
    const dag = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
    const vandaag = async (van: string, tot: string) => (await zoekAudit(srv.gateway.db, { zender: '0999/REGIE', van, tot })).filter((r) => r.zaken === id).length;
    assert.equal(await vandaag(dag(0), dag(1)), 1);
    assert.equal(await vandaag(dag(-1), dag(0)), 0);
    assert.equal(await vandaag(new Date(Date.now() - 60_000).toISOString(), new Date(Date.now() + 60_000).toISOString()), 1);
    // the CLI as the README shows it
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/audit.ts', '--zender', zender.slice(0, -2), '--from', '2026-12-01', '--to', '2026-12-05', '--json'],
      { env: { ...process.env, DATABASE_URL: url, STUF_CONFIG: '' } }).toString();
    assert.deepEqual((JSON.parse(out) as { referentienummer: string }[]).map((r) => r.referentienummer), ['2026-12-01T00:00:00Z', '2026-12-03T12:00:00Z', '2026-12-04T23:59:59Z']);
  });

  it('PostgreSQL: TRUNCATE of the audit tables is refused', { skip: !ON_PG && 'PostgreSQL only (SQLite has no TRUNCATE; DELETE is refused above)' }, async () => {
    const db = srv.gateway.db;
    assert.ok(isPg(db));
    const voor = [Number((await db('audit').count({ n: '*' }))[0].n), Number((await db('audit_bsn').count({ n: '*' }))[0].n)];
    assert.ok(voor[0] > 0 && voor[1] > 0);
    for (const sql of ['truncate audit_bsn', 'truncate audit cascade', 'truncate audit, audit_bsn', 'truncate table audit_bsn restart identity']) {
      await assert.rejects(db.raw(sql), /append-only/, sql);
    }
    assert.deepEqual([Number((await db('audit').count({ n: '*' }))[0].n), Number((await db('audit_bsn').count({ n: '*' }))[0].n)], voor);
  });

  it('the message log keeps request and answer without document content and without BSNs, and forgets after the retention', async () => {
    const id = uniqueId('0999M');
    await post(`${srv.url}/zds/1.2/OntvangAsynchroon`, CREEER, creeerZaak12(id));
    await post(`${srv.url}/zds/1.2/BeantwoordVraag`, DETAILS, geefZaakdetails(id));
    await srv.gateway.berichtenlog.flush();
    const rows = await srv.gateway.db('berichtenlog').whereIn('operatie', ['creeerZaak', 'geefZaakdetails']).orderBy('id', 'desc').limit(2);
    assert.equal(rows.length, 2);
    for (const r of rows) {
      assert.match(r.verzoek, new RegExp(id));
      assert.ok(r.antwoord.length > 0);
      assert.doesNotMatch(`${r.verzoek}${r.antwoord}`, new RegExp(BSN), 'no BSN in the message log');
    }
    assert.equal(verhuld('<ZKN:inhoud StUF:bestandsnaam="a.txt">SGFsbG8=</ZKN:inhoud><X>11999999990</X>'), '<ZKN:inhoud StUF:bestandsnaam="a.txt">[inhoud weggelaten, 8 tekens]</ZKN:inhoud><X>11*********</X>');
    assert.ok(isBsn('999999990') && !isBsn('123456789'));
    await srv.gateway.db('berichtenlog').update({ ontvangen_op: new Date(Date.now() - 100 * 24 * 3600 * 1000) }).where({ id: rows[0].id });
    assert.ok((await srv.gateway.berichtenlog.opruimen(90)) >= 1);
    assert.equal((await srv.gateway.db('berichtenlog').where({ id: rows[0].id })).length, 0);
  });

  it('the message log records referentienummer, uitkomst and duur_ms of every message, a fault included', async () => {
    const id = uniqueId('0999M');
    const gen = genereerDi02('Zaak');
    const groot = envelopeMetInhoud(voegDocumentToe(uniqueId('0999D'), id), Buffer.alloc(4 << 20, 7).toString('base64'));
    const berichten: [string, string, string, string, string][] = [
      // path, SOAPAction, message, operation, expected outcome
      ['/zds/1.2/OntvangAsynchroon', CREEER, creeerZaak12(id), 'creeerZaak', 'Bv03'],
      ['/zds/1.2/BeantwoordVraag', DETAILS, geefZaakdetails(id), 'geefZaakdetails', 'La01'],
      ['/zds/1.2/VerwerkSynchroonVrijBericht', gen.action, gen.xml, 'genereerZaakIdentificatie', 'Du02'],
      ['/zds/1.2/OntvangAsynchroon', groot.action, groot.xml, 'voegZaakdocumentToe', 'Bv03'],
      ['/zds/1.2/OntvangAsynchroon', CREEER, creeerZaak12(id), 'creeerZaak', 'Fo03'], // the same zaak again: a fault
      ['/zds/1.2/BeantwoordVraag', DETAILS, geefZaakdetails(id, 'REGIE').replace('<ZKN:gelijk', '<ZKN:onbekend/><ZKN:gelijk'), 'geefZaakdetails', 'Fo02'], // not valid
    ];
    const verstuurd: { ref: string; operatie: string; uitkomst: string; code?: string; klok: number }[] = [];
    for (const [p, action, xml, operatie, uitkomst] of berichten) {
      const t0 = performance.now();
      const a = await post(srv.url + p, action, xml);
      const klok = performance.now() - t0;
      assert.equal(a.status, uitkomst.startsWith('Fo') ? 500 : 200, a.text.slice(0, 500));
      verstuurd.push({ ref: textOf(xml, 'referentienummer')!, operatie, uitkomst, code: a.status === 500 ? faultCode(a.text) : undefined, klok });
    }
    await srv.gateway.berichtenlog.flush();
    for (const v of verstuurd) {
      const rows = await srv.gateway.db('berichtenlog').where({ referentienummer: v.ref });
      assert.equal(rows.length, 1, `one row for ${v.operatie} ${v.uitkomst}`);
      const [r] = rows;
      assert.deepEqual([r.operatie, r.uitkomst, r.foutcode ?? undefined, r.dialect], [v.operatie, v.uitkomst, v.code, 'zds-1.2'], `${v.operatie} ${v.uitkomst}`);
      if (v.uitkomst.startsWith('Fo')) assert.match(r.foutcode, /^StUF\d{3}$/);
      // the time the gateway took: a whole number of ms, no more than the client waited for the answer
      assert.ok(Number.isInteger(Number(r.duur_ms)) && Number(r.duur_ms) >= 0 && Number(r.duur_ms) <= Math.ceil(v.klok) + 1, `duur_ms ${r.duur_ms} of ${v.operatie} (client ${v.klok.toFixed(1)} ms)`);
    }
    const grootRij = await srv.gateway.db('berichtenlog').where({ referentienummer: groot.ref }).first();
    assert.ok(Number(grootRij.duur_ms) >= 1, 'storing 4 MB takes measurable time');
  });

  it('a voegZaakdocumentToe is logged without its content (inline or cut out of a large request) and without BSNs; so is the answer that shows it', async () => {
    const zaak = uniqueId('0999M');
    assert.equal((await post(`${srv.url}/zds/1.2/OntvangAsynchroon`, CREEER, creeerZaak12(zaak))).status, 200);
    for (const [grootte, inhoud] of [['small', Buffer.from(`Beschikking voor ${BSN}. `.repeat(20)).toString('base64')], ['large', Buffer.alloc(1 << 20, 'Beschikking 999999990 ').toString('base64')]] as const) {
      const doc = uniqueId('0999D');
      const toe = envelopeMetInhoud(voegDocumentToe(doc, zaak), inhoud);
      const a = await post(`${srv.url}/zds/1.2/OntvangAsynchroon`, toe.action, toe.xml);
      assert.equal(a.status, 200, a.text);
      const lees = documentLezen(doc);
      const b = await post(`${srv.url}/zds/1.2/BeantwoordVraag`, lees.action, lees.xml);
      assert.equal(b.status, 200);
      assert.ok(b.text.includes(inhoud), `${grootte}: the answer carries the content`);
      await srv.gateway.berichtenlog.flush();
      for (const [ref, kant] of [[toe.ref, 'verzoek'], [lees.ref, 'antwoord']] as const) {
        const r = await srv.gateway.db('berichtenlog').where({ referentienummer: ref }).first();
        const tekst = String(r[kant]);
        assert.ok(tekst.includes(doc), `${grootte} ${kant}: the message is logged`);
        assert.match(tekst, /<ZKN:inhoud [^>]*>\[inhoud weggelaten, \d+ tekens\]<\/ZKN:inhoud>/, `${grootte} ${kant}: content replaced`);
        for (const stuk of [inhoud.slice(0, 24), inhoud.slice(inhoud.length >> 1, (inhoud.length >> 1) + 24), inhoud.slice(-24)]) {
          assert.ok(!tekst.includes(stuk), `${grootte} ${kant}: no part of the content`);
        }
        assert.doesNotMatch(`${r.verzoek}${r.antwoord}`, new RegExp(BSN), `${grootte}: no BSN`);
        assert.ok(r.verzoek.length < 10_000, `${grootte}: the logged request is small (${r.verzoek.length})`);
      }
      const verzoek = String((await srv.gateway.db('berichtenlog').where({ referentienummer: toe.ref }).first()).verzoek);
      assert.match(verzoek, /<ZKN:titel>Beschikking \*{9}<\/ZKN:titel>/, 'the BSN in the titel is masked');
    }
  });
});

/** voegZaakdocumentToe with this base64 content and a titel that names the BSN. */
function envelopeMetInhoud(m: ReturnType<typeof voegDocumentToe>, base64: string) {
  return { ...m, xml: m.xml.replace('JVBERi0=', base64).replace('<ZKN:titel>Beschikking Wmo</ZKN:titel>', `<ZKN:titel>Beschikking ${BSN}</ZKN:titel>`) };
}

describe('message log retention: what the gateway applies', () => {
  it('a gateway started with STUF_MESSAGE_LOG_DAYS (or messageLog.retentionDays) removes older rows itself and keeps newer ones', { timeout: 120_000 }, async () => {
    const fresh = await freshDatabase({ file: true }); // three gateways in turn on one database
    let srv: RunningServer | undefined;
    try {
      srv = await startTestServer({ DATABASE_URL: fresh.url, STUF_MESSAGE_LOG_DAYS: '10' });
      const refs = { elf: uniqueId('R'), negen: uniqueId('R'), nu: uniqueId('R') };
      for (const ref of Object.values(refs)) {
        assert.equal((await post(`${srv.url}/zds/1.2/OntvangAsynchroon`, CREEER, creeerZaak12(uniqueId('0999E'), { ref }))).status, 200);
      }
      await srv.gateway.berichtenlog.flush();
      // 11 and 9 days old, as the column default would have written them then
      const db = srv.gateway.db;
      for (const [ref, dagen] of [[refs.elf, 11], [refs.negen, 9]] as const) {
        for (const [tabel, kolom] of [['berichtenlog', 'ontvangen_op'], ['verwerkt_bericht', 'verwerkt_op']]) {
          const terug = isPg(db) ? `${kolom} - interval '${dagen} days'` : `datetime(${kolom}, '-${dagen} days')`;
          assert.equal(Number(await db(tabel).where({ referentienummer: ref }).update({ [kolom]: db.raw(terug) })), 1);
        }
      }
      await srv.close();
      srv = undefined;
      const over = async (d: Db) => {
        const van = async (tabel: string) => (await d(tabel).whereIn('referentienummer', Object.values(refs)).select('referentienummer')).map((r) => r.referentienummer as string).sort();
        return { berichtenlog: await van('berichtenlog'), verwerkt_bericht: await van('verwerkt_bericht') };
      };
      /** waits for the gateway's own cleanup at its start, until exactly `blijven` are left */
      const wacht = async (d: Db, blijven: string[]) => {
        const verwacht = { berichtenlog: [...blijven].sort(), verwerkt_bericht: [...blijven].sort() };
        for (let i = 0; i < 200 && JSON.stringify(await over(d)) !== JSON.stringify(verwacht); i++) await new Promise((r) => setTimeout(r, 50));
        assert.deepEqual(await over(d), verwacht);
      };
      srv = await startTestServer({ DATABASE_URL: fresh.url, STUF_MESSAGE_LOG_DAYS: '10' });
      await wacht(srv.gateway.db, [refs.negen, refs.nu]);
      await srv.close();
      srv = undefined;
      srv = await startTestServer({ DATABASE_URL: fresh.url }, { messageLog: { bodies: true, retentionDays: 8 } });
      await wacht(srv.gateway.db, [refs.nu]);
    } finally {
      await srv?.close();
      await fresh.drop();
    }
  });
});
