// Kennisgevingen to abonnees (issue #5): the outbox is written in the message's transaction, the delivery
// worker sends zakLk01/edcLk01 in order per zaak, retries with backoff, keeps Fo03 reasons, dead-letters after
// maxAttempts and delivers everything once the abonnee is back. Every kennisgeving received is validated against
// the StUF-ZKN 3.10 XSD (zds-1.1 bundle).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningServer } from '../src/http/server.ts';
import { A11, A12 } from '../src/stuf/dialect.ts';
import { lijst } from '../src/notify/outbox.ts';
import { assertValidAnswer, envelope, freshDatabase, post, startTestServer, textOf, uniqueId, XMLNS, waitFor } from './helpers.ts';
import { creeerZaak12 } from './messages.ts';
import { assertKennisgevingValid, Ontvanger, type Ontvangen } from './koppeling/ontvanger.ts';

/** `npm run outbox -- ...` against the test's database; its exit code and output. */
async function outboxCli(url: string, ...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/outbox.ts', ...args], { env: { ...process.env, DATABASE_URL: url, STUF_CONFIG: '' } });
    return { code: 0, out: stdout };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

function stuurgegevens(entiteittype: string, applicatie = 'WMO'): string {
  return `<ZKN:stuurgegevens><StUF:berichtcode>Lk01</StUF:berichtcode><StUF:zender><StUF:organisatie>0999</StUF:organisatie><StUF:applicatie>${applicatie}</StUF:applicatie></StUF:zender>` +
    `<StUF:ontvanger><StUF:organisatie>0999</StUF:organisatie><StUF:applicatie>ZKM</StUF:applicatie></StUF:ontvanger><StUF:referentienummer>${uniqueId('R')}</StUF:referentienummer>` +
    `<StUF:tijdstipBericht>20240312102000001</StUF:tijdstipBericht><StUF:entiteittype>${entiteittype}</StUF:entiteittype></ZKN:stuurgegevens>`;
}

function deelplan(id: string): string {
  return creeerZaak12(id, { zaaktype: 'DP-WMO', applicatie: 'WMO' }).replace('<ZKN:omschrijving>Gezinsplan</ZKN:omschrijving>', '<ZKN:omschrijving>Deelplan Wmo</ZKN:omschrijving>')
    .replace('<ZKN:zaakniveau>1</ZKN:zaakniveau><ZKN:deelzakenIndicatie>J</ZKN:deelzakenIndicatie>', '<ZKN:zaakniveau>2</ZKN:zaakniveau><ZKN:deelzakenIndicatie>N</ZKN:deelzakenIndicatie>');
}

function koppel(gezinsplan: string, deel: string): string {
  const obj = (rel: string) => `<ZKN:object StUF:entiteittype="ZAK" StUF:verwerkingssoort="I"><ZKN:identificatie>${gezinsplan}</ZKN:identificatie>${rel}</ZKN:object>`;
  return envelope(`<ZDS:updateZaak_ZakLk01 ${XMLNS}>${stuurgegevens('ZAK', 'REGIE')}<ZKN:parameters><StUF:mutatiesoort>W</StUF:mutatiesoort><StUF:indicatorOvername>V</StUF:indicatorOvername></ZKN:parameters>` +
    obj('<ZKN:heeftAlsDeelzaak StUF:entiteittype="ZAKZAKDEL" StUF:verwerkingssoort="T" StUF:noValue="geenWaarde" xsi:nil="true"/>') +
    obj(`<ZKN:heeftAlsDeelzaak StUF:entiteittype="ZAKZAKDEL" StUF:verwerkingssoort="T"><ZKN:gerelateerde StUF:entiteittype="ZAK" StUF:verwerkingssoort="I"><ZKN:identificatie>${deel}</ZKN:identificatie></ZKN:gerelateerde></ZKN:heeftAlsDeelzaak>`) +
    '</ZDS:updateZaak_ZakLk01>');
}

/** Domain data as a backoffice sends it: ISO-8859-1, a comment, odd whitespace. */
const DOMEIN = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>\n<!-- iWmo -->\n<wmo:Deelplan xmlns:wmo="urn:wmo"  >\n\t<wmo:Client>Zo\xeb</wmo:Client>\n</wmo:Deelplan>\n', 'latin1');

function domeinDocument(docId: string, zaak: string): string {
  return envelope(`<ZDS:voegZaakdocumentToe_EdcLk01 ${XMLNS}>${stuurgegevens('EDC')}<ZKN:parameters><StUF:mutatiesoort>T</StUF:mutatiesoort><StUF:indicatorOvername>V</StUF:indicatorOvername></ZKN:parameters>` +
    `<ZKN:object StUF:entiteittype="EDC" StUF:verwerkingssoort="T"><ZKN:identificatie>${docId}</ZKN:identificatie><ZKN:dct.omschrijving>Deelplan gegevens Wmo</ZKN:dct.omschrijving>` +
    '<ZKN:creatiedatum>20240312</ZKN:creatiedatum><ZKN:titel>Deelplan Wmo (gestructureerd)</ZKN:titel><ZKN:formaat>application/xml</ZKN:formaat><ZKN:taal>nld</ZKN:taal>' +
    '<ZKN:vertrouwelijkAanduiding>VERTROUWELIJK</ZKN:vertrouwelijkAanduiding><ZKN:auteur>Wmo-backoffice</ZKN:auteur>' +
    `<ZKN:inhoud xmime:contentType="application/xml" StUF:bestandsnaam="deelplan-wmo.xml">${DOMEIN.toString('base64')}</ZKN:inhoud>` +
    `<ZKN:isRelevantVoor StUF:entiteittype="EDCZAK" StUF:verwerkingssoort="T"><ZKN:gerelateerde StUF:entiteittype="ZAK" StUF:verwerkingssoort="I"><ZKN:identificatie>${zaak}</ZKN:identificatie></ZKN:gerelateerde></ZKN:isRelevantVoor>` +
    '</ZKN:object></ZDS:voegZaakdocumentToe_EdcLk01>');
}

function status(zaak: string, volgnummer: number, omschrijving: string, gezet: string): string {
  const obj = (heeft: string) => `<ZKN:object StUF:entiteittype="ZAK" StUF:verwerkingssoort="W"><ZKN:identificatie>${zaak}</ZKN:identificatie>${heeft}</ZKN:object>`;
  return envelope(`<ZDS:actualiseerZaakstatus_ZakLk01 ${XMLNS}>${stuurgegevens('ZAK')}<ZKN:parameters><StUF:mutatiesoort>W</StUF:mutatiesoort><StUF:indicatorOvername>V</StUF:indicatorOvername></ZKN:parameters>` +
    obj('<ZKN:heeft StUF:entiteittype="ZAKSTT" StUF:verwerkingssoort="T" StUF:noValue="geenWaarde" xsi:nil="true"/>') +
    obj(`<ZKN:heeft StUF:entiteittype="ZAKSTT" StUF:verwerkingssoort="T"><ZKN:gerelateerde StUF:entiteittype="STT" StUF:verwerkingssoort="I"><ZKN:volgnummer>${volgnummer}</ZKN:volgnummer>` +
      `<ZKN:omschrijving>${omschrijving}</ZKN:omschrijving></ZKN:gerelateerde><ZKN:datumStatusGezet>${gezet}</ZKN:datumStatusGezet>` +
      '<ZKN:isGezetDoor StUF:entiteittype="ZAKSTTBTR" StUF:verwerkingssoort="T"><ZKN:gerelateerde><ZKN:medewerker StUF:entiteittype="MDW" StUF:verwerkingssoort="I">' +
      '<ZKN:identificatie>wmo-jdevries</ZKN:identificatie></ZKN:medewerker></ZKN:gerelateerde></ZKN:isGezetDoor></ZKN:heeft>') +
    '</ZDS:actualiseerZaakstatus_ZakLk01>');
}

describe('kennisgevingen to abonnees (outbox and delivery worker)', () => {
  let srv: RunningServer;
  let drop: () => Promise<void>;
  let url: string;
  const regie = new Ontvanger('REGIE');
  /** the same kennisgevingen to an abonnee that speaks SOAP 1.2 */
  const regie12 = new Ontvanger('REGIE12');

  before(async () => {
    await regie.up();
    await regie12.up();
    const db = await freshDatabase({ file: true }); // the outbox CLI (another process) sees the same database
    url = db.url;
    drop = db.drop;
    srv = await startTestServer({ DATABASE_URL: url }, {
      subscriptions: [
        { name: 'REGIE', url: regie.url, filter: { zaaktypen: ['DP-WMO'], onlyUnderGezinsplan: true }, domainData: true },
        { name: 'REGIE12', url: regie12.url, soapVersion: '1.2', filter: { zaaktypen: ['DP-WMO'], events: ['deelplanLinked'] } },
      ],
      delivery: { maxAttempts: 50, baseDelayMs: 40, maxDelayMs: 150, timeoutMs: 5000, pollMs: 50, worker: true },
    });
  });
  after(async () => {
    await srv.close();
    await regie.down();
    await regie12.down();
    await drop();
  });
  beforeEach(() => {
    regie.ontvangen.length = 0;
    regie12.ontvangen.length = 0;
    regie.weiger = undefined;
  });

  async function ok(xml: string, action: string, path = '/zds/1.2/OntvangAsynchroon') {
    const a = await post(srv.url + path, action, xml);
    assert.equal(a.status, 200, a.text);
    assertValidAnswer(srv, a.text, 'zds-1.2');
    return a;
  }

  const valid = (m: Ontvangen) => assertKennisgevingValid(srv, m);

  /** The zaak's outbox entries once all `n` are delivered. */
  const bezorgd = (zaak: string, n: number, abonnee = 'REGIE') => waitFor(async () => {
    const r = await lijst(srv.gateway.db, { zaak, abonnee });
    return r.length === n && r.every((e) => e.toestand === 'bezorgd') ? r : undefined;
  });

  async function gezinsplanMetDeelplan() {
    const gzp = uniqueId('0999G');
    const dp = uniqueId('0999D');
    await ok(creeerZaak12(gzp), `${A12}creeerZaak_ZakLk01`);
    await ok(deelplan(dp), `${A12}creeerZaak_ZakLk01`);
    return { gzp, dp };
  }

  it('a deelplan linked to its gezinsplan: zakLk01 T naming the gezinsplan, edcLk01 with the domain data byte for byte, then a W per status', async () => {
    const { gzp, dp } = await gezinsplanMetDeelplan();
    // not yet under a gezinsplan: the filter (onlyUnderGezinsplan) keeps it quiet
    assert.equal((await lijst(srv.gateway.db, { zaak: dp, abonnee: 'REGIE' })).length, 0);
    await ok(koppel(gzp, dp), `${A12}updateZaak_ZakLk01`);
    const docId = uniqueId('DOC');
    await ok(domeinDocument(docId, dp), `${A12}voegZaakdocumentToe_EdcLk01`);
    await ok(status(dp, 2, 'Onderzoek', '20240320143000000'), `${A12}actualiseerZaakstatus_ZakLk01`);

    const [t, edc, w] = await regie.wachtOp(3);
    for (const m of [t, edc, w]) valid(m);
    assert.equal(t.soapAction, `${A11}zakLk01`);
    assert.match(t.body, /<StUF:mutatiesoort>T<\/StUF:mutatiesoort>/);
    assert.equal(textOf(t.body.split('<ZKN:heeftBetrekkingOpAndere')[1] ?? '', 'identificatie'), gzp, 'the deelplan names its gezinsplan');
    assert.match(t.body, /<StUF:ontvanger><StUF:applicatie>REGIE<\/StUF:applicatie><\/StUF:ontvanger>/);

    assert.equal(edc.soapAction, `${A11}edcLk01`);
    assert.equal(edc.root, 'ZKN:edcLk01');
    assert.deepEqual(Buffer.from(textOf(edc.body, 'inhoud')!, 'base64'), DOMEIN, 'domain XML byte for byte');
    assert.equal(textOf(edc.body.split('<ZKN:isRelevantVoor')[1], 'identificatie'), dp);

    assert.match(w.body, /<StUF:mutatiesoort>W<\/StUF:mutatiesoort>/);
    const [oud, nieuw] = w.body.split('</ZKN:object>');
    assert.match(oud, /<ZKN:heeft StUF:entiteittype="ZAKSTT" StUF:verwerkingssoort="T" StUF:noValue="geenWaarde" xsi:nil="true"\/>/);
    assert.match(nieuw, /<ZKN:omschrijving>Onderzoek<\/ZKN:omschrijving>/);
    assert.equal(new Set([t, edc, w].map((m) => m.referentienummer)).size, 3);

    const rows = await bezorgd(dp, 3);
    assert.deepEqual(rows.map((r) => r.berichtsoort), ['zakLk01', 'edcLk01', 'zakLk01']);
    // the SOAP 1.2 abonnee (events: deelplanLinked only) gets the T of the link, in a SOAP 1.2 envelope
    const [t12] = await regie12.wachtOp(1);
    assert.match(t12.contentType, /^application\/soap\+xml;.*action="http:\/\/www\.egem\.nl\/StUF\/sector\/zkn\/0310\/zakLk01"/);
    assert.match(t12.envelope, /xmlns:\w+="http:\/\/www\.w3\.org\/2003\/05\/soap-envelope"/);
    assert.notEqual(t12.referentienummer, t.referentienummer, 'each abonnee its own referentienummer');
    valid(t12);
    assert.equal((await lijst(srv.gateway.db, { zaak: gzp })).length, 0, 'the gezinsplan is not a DP-WMO zaak');
  });

  it('a message that fails writes no kennisgeving', async () => {
    const { gzp, dp } = await gezinsplanMetDeelplan();
    await ok(koppel(gzp, dp), `${A12}updateZaak_ZakLk01`);
    await regie.wachtOp(1);
    const before = (await lijst(srv.gateway.db, { zaak: dp })).length;
    const bad = await post(`${srv.url}/zds/1.2/OntvangAsynchroon`, `${A12}actualiseerZaakstatus_ZakLk01`, status(dp, 99, 'Bestaat niet', '20240320143000000'));
    assert.equal(bad.status, 500);
    assert.equal((await lijst(srv.gateway.db, { zaak: dp })).length, before);
  });

  it('a Fo03 is a failed attempt with its reason; after maxAttempts a dead letter that holds back later entries of its zaak until retried', async () => {
    const { gzp, dp } = await gezinsplanMetDeelplan();
    // dead letters after 3 attempts for this test only (the worker reads its configuration at each failure)
    srv.gateway.config.delivery.maxAttempts = 3;
    regie.weiger = { code: 'StUF058', details: 'regie weigert' };
    await ok(koppel(gzp, dp), `${A12}updateZaak_ZakLk01`);
    await ok(status(dp, 2, 'Onderzoek', '20240321100000000'), `${A12}actualiseerZaakstatus_ZakLk01`);
    let rows = await waitFor(async () => {
      const r = await lijst(srv.gateway.db, { zaak: dp, abonnee: 'REGIE' });
      return r[0]?.toestand === 'dood' ? r : undefined;
    });
    assert.equal(rows[0].pogingen, 3);
    assert.match(rows[0].laatste_fout ?? '', /Fo03 StUF058: regie weigert/);
    assert.equal(rows[1].toestand, 'wachtend');
    assert.equal(rows[1].pogingen, 0, 'the W waits behind the dead T');
    srv.gateway.config.delivery.maxAttempts = 50;
    regie.weiger = undefined;
    regie.ontvangen.length = 0;
    const dead = await outboxCli(url, 'list', '--state', 'dood', '--zaak', dp, '--json');
    assert.equal(dead.code, 0, dead.out);
    assert.deepEqual((JSON.parse(dead.out) as { id: number }[]).map((r) => r.id), [rows[0].id], 'the CLI lists the dead letter');
    const retry = await outboxCli(url, 'retry', String(rows[0].id));
    assert.equal(retry.code, 0, retry.out);
    assert.match(retry.out, /1 dead letter back in the queue/);
    assert.equal((await outboxCli(url, 'retry', String(rows[0].id))).code, 1, 'nothing left to retry');
    assert.equal((await outboxCli(url, 'frobnicate')).code, 2, 'usage error');
    srv.gateway.bezorger!.wek();
    const got = await regie.wachtOp(2);
    assert.deepEqual(got.map((m) => m.body.match(/<StUF:mutatiesoort>(\w)</)![1]), ['T', 'W'], 'in order');
    await bezorgd(dp, 2);
  });

  it('an abonnee that is down receives everything, in order, once it is back', async () => {
    const { gzp, dp } = await gezinsplanMetDeelplan();
    await regie.down();
    await ok(koppel(gzp, dp), `${A12}updateZaak_ZakLk01`);
    await ok(domeinDocument(uniqueId('DOC'), dp), `${A12}voegZaakdocumentToe_EdcLk01`);
    await ok(status(dp, 2, 'Onderzoek', '20240322100000000'), `${A12}actualiseerZaakstatus_ZakLk01`);
    await ok(status(dp, 3, 'Besluit genomen', '20240323100000000'), `${A12}actualiseerZaakstatus_ZakLk01`);
    await waitFor(async () => ((await lijst(srv.gateway.db, { zaak: dp, abonnee: 'REGIE' }))[0]?.pogingen ?? 0) >= 1 || undefined);
    await regie.up();
    const got = await regie.wachtOp(4);
    assert.deepEqual(got.map((m) => `${m.root}:${m.body.match(/<StUF:mutatiesoort>(\w)</)![1]}`), ['ZKN:zakLk01:T', 'ZKN:edcLk01:T', 'ZKN:zakLk01:W', 'ZKN:zakLk01:W']);
    assert.match(got[3].body, /Besluit genomen/);
  });
});
