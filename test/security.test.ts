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
import { findZaak } from '../src/store/zaken.ts';
import { assertValidAnswer, certificaten, envelope, faultCode, freshDatabase, post, startTestServer, uniqueId, XMLNS } from './helpers.ts';
import { creeerZaak12 } from './messages.ts';

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

describe('authorisation per zender', () => {
  let srv: RunningServer;
  let drop: () => Promise<void>;
  before(async () => {
    const db = await freshDatabase();
    drop = db.drop;
    srv = await startTestServer({ DATABASE_URL: db.url }, {
      authorisation: { zenders: { '0999/REGIE': { operations: ['*'] }, WMO: { operations: ['geefZaakdetails', 'zakLv01'] } } },
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
    ];
    for (const [p, action, xml, code] of cases) {
      const a = await post(srv.url + p, action, xml);
      assert.equal(a.status, 500, a.text);
      assert.equal(faultCode(a.text), code, a.text);
      assertValidAnswer(srv, a.text, 'zds-1.2');
    }
    assert.equal(await findZaak(srv.gateway.db, cases[2][2].match(/<ZKN:identificatie>([^<]+)</)![1], ''), undefined);
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
    const a = await post(`${srv.url}/zds/1.2/BeantwoordVraag`, DETAILS, geefZaakdetails(id));
    assert.equal(a.status, 200);
    const recs = (await zoekAudit(srv.gateway.db, { bsn: BSN })).filter((r) => r.zaken === id);
    assert.equal(recs.length, 1);
    assert.deepEqual([recs[0].zender, recs[0].gebruiker, recs[0].operatie, recs[0].bsns], ['0999/REGIE//jansen', 'jansen', 'geefZaakdetails', BSN]);
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/audit.ts', '--bsn', BSN, '--json'], { env: { ...process.env, DATABASE_URL: url, STUF_CONFIG: '' } }).toString();
    assert.ok((JSON.parse(out) as { zaken: string }[]).some((r) => r.zaken === id), 'the CLI finds it');
    const byZender = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/audit.ts', '--zender', '0999/REGIE', '--from', '2000-01-01'], { env: { ...process.env, DATABASE_URL: url, STUF_CONFIG: '' } }).toString();
    assert.match(byZender, new RegExp(id));
    await assert.rejects(srv.gateway.db('audit').update({ operatie: 'x' }), /append-only/);
    await assert.rejects(srv.gateway.db('audit_bsn').delete(), /append-only/);
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
});
