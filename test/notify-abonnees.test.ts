// Kennisgevingen per subscription (issue #5): the `events` filter keeps an abonnee's excluded events out of its
// outbox and off its wire (exact totals, after a sequence of included and excluded changes), a `soapAction`
// template is the SOAPAction the abonnee receives (SOAP 1.1 header, SOAP 1.2 action parameter), and an entry the
// abonnee refuses with Fo03 goes out again with the same referentienummer and tijdstipBericht (the same message)
// until it is accepted. Each test uses its own zaaktype, so the abonnees of one test see nothing of the others.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../src/http/server.ts';
import { lijst } from '../src/notify/outbox.ts';
import { A11, A12 } from '../src/stuf/dialect.ts';
import { assertValidAnswer, envelope, freshDatabase, post, startTestServer, textOf, uniqueId, XMLNS, waitFor } from './helpers.ts';
import { assertKennisgevingValid, fo03, Ontvanger, type Ontvangen } from './koppeling/ontvanger.ts';
import { creeer, geenStatus, id, kennisgeving, rel, status, zaakRef, zak, type Msg } from './messages.ts';

const bsn = () => String(100000000 + Math.floor(Math.random() * 899999999)).slice(0, 9);

/** voegZaakdocumentToe (ZDS 1.2): a small XML document of this dct.omschrijving, isRelevantVoor `zaak`. */
function document(zaak: string, omschrijving: string): Msg {
  const ref = uniqueId('R');
  const xml = envelope(`<ZDS:voegZaakdocumentToe_EdcLk01 ${XMLNS}><ZKN:stuurgegevens><StUF:berichtcode>Lk01</StUF:berichtcode>` +
    '<StUF:zender><StUF:organisatie>0999</StUF:organisatie><StUF:applicatie>BACKOFFICE</StUF:applicatie></StUF:zender>' +
    `<StUF:ontvanger><StUF:organisatie>0999</StUF:organisatie><StUF:applicatie>ZKM</StUF:applicatie></StUF:ontvanger><StUF:referentienummer>${ref}</StUF:referentienummer>` +
    '<StUF:tijdstipBericht>20240312102000001</StUF:tijdstipBericht><StUF:entiteittype>EDC</StUF:entiteittype></ZKN:stuurgegevens>' +
    '<ZKN:parameters><StUF:mutatiesoort>T</StUF:mutatiesoort><StUF:indicatorOvername>V</StUF:indicatorOvername></ZKN:parameters>' +
    `<ZKN:object StUF:entiteittype="EDC" StUF:verwerkingssoort="T"><ZKN:identificatie>${uniqueId('DOC')}</ZKN:identificatie><ZKN:dct.omschrijving>${omschrijving}</ZKN:dct.omschrijving>` +
    '<ZKN:creatiedatum>20240312</ZKN:creatiedatum><ZKN:titel>Deelplan (gestructureerd)</ZKN:titel><ZKN:formaat>application/xml</ZKN:formaat><ZKN:taal>nld</ZKN:taal>' +
    '<ZKN:vertrouwelijkAanduiding>VERTROUWELIJK</ZKN:vertrouwelijkAanduiding><ZKN:auteur>Backoffice</ZKN:auteur>' +
    `<ZKN:inhoud xmime:contentType="application/xml" StUF:bestandsnaam="deelplan.xml">${Buffer.from('<deelplan>gegevens</deelplan>').toString('base64')}</ZKN:inhoud>` +
    `<ZKN:isRelevantVoor StUF:entiteittype="EDCZAK" StUF:verwerkingssoort="T">${zaakRef(zaak)}</ZKN:isRelevantVoor>` +
    '</ZKN:object></ZDS:voegZaakdocumentToe_EdcLk01>');
  return { xml, action: `${A12}voegZaakdocumentToe_EdcLk01`, ref };
}

const omschrijving = (z: string, oud: string, nieuw: string) => kennisgeving('updateZaak', '1.2', 'W',
  zak(`${id(z)}<ZKN:omschrijving>${oud}</ZKN:omschrijving>`) + zak(`${id(z)}<ZKN:omschrijving>${nieuw}</ZKN:omschrijving>`));
const zetStatus = (z: string, volgnummer: number, naam: string, gezet: string) => kennisgeving('actualiseerZaakstatus', '1.2', 'W',
  zak(`${id(z)}${geenStatus}`) + zak(`${id(z)}${status(volgnummer, naam, gezet)}`));
const koppel = (gezinsplan: string, deel: string) => kennisgeving('updateZaak', '1.2', 'W',
  zak(`${id(gezinsplan)}<ZKN:omschrijving>Gezinsplan</ZKN:omschrijving>${rel('heeftAlsDeelzaak', 'ZAKZAKDEL', 'T')}`, 'I') +
  zak(`${id(gezinsplan)}<ZKN:omschrijving>Gezinsplan</ZKN:omschrijving>${rel('heeftAlsDeelzaak', 'ZAKZAKDEL', 'T', zaakRef(deel))}`, 'I'));

const mutatiesoort = (m: Ontvangen) => m.body.match(/<StUF:mutatiesoort>(\w)</)?.[1];

describe('subscriptions: events filter, soapAction template, the same message on every attempt', () => {
  let srv: RunningServer;
  let drop: () => Promise<void>;
  /** DP-WWB, only statusChanged */
  const status_ = new Ontvanger('STATUS');
  /** DP-WWB, every event: what the excluded events do produce */
  const alles = new Ontvanger('ALLES');
  /** DP-LLV, soapAction with {bericht}, domain data */
  const actie = new Ontvanger('ACTIE');
  /** DP-LLV, SOAP 1.2, a fixed soapAction */
  const actie12 = new Ontvanger('ACTIE12');
  /** DP-SHV: refuses a couple of times */
  const weigeraar = new Ontvanger('WEIGERAAR');
  const ontvangers = [status_, alles, actie, actie12, weigeraar];

  before(async () => {
    for (const o of ontvangers) await o.up();
    const db = await freshDatabase();
    drop = db.drop;
    srv = await startTestServer({ DATABASE_URL: db.url }, {
      subscriptions: [
        { name: 'STATUS', url: status_.url, filter: { zaaktypen: ['DP-WWB'], events: ['statusChanged'] } },
        { name: 'ALLES', url: alles.url, filter: { zaaktypen: ['DP-WWB'] } },
        { name: 'ACTIE', url: actie.url, soapAction: 'urn:gemeente:regie:ontvang/{bericht}', domainData: true, filter: { zaaktypen: ['DP-LLV'] } },
        { name: 'ACTIE12', url: actie12.url, soapVersion: '1.2', soapAction: 'urn:gemeente:regie:kennisgeving', filter: { zaaktypen: ['DP-LLV'] } },
        { name: 'WEIGERAAR', url: weigeraar.url, filter: { zaaktypen: ['DP-SHV'] } },
      ],
      delivery: { maxAttempts: 50, baseDelayMs: 40, maxDelayMs: 150, timeoutMs: 5000, pollMs: 50, worker: true },
    });
  });
  after(async () => {
    await srv?.close();
    for (const o of ontvangers) await o.down();
    await drop?.();
  });

  async function ok(m: Msg) {
    const a = await post(`${srv.url}/zds/1.2/OntvangAsynchroon`, m.action, m.xml);
    assert.equal(a.status, 200, `${textOf(a.text, 'code')}: ${textOf(a.text, 'details')}`);
    assertValidAnswer(srv, a.text, 'zds-1.2');
  }
  const rows = (zaak: string, abonnee: string) => lijst(srv.gateway.db, { zaak, abonnee });
  /** Once every outbox entry of the zaak (all abonnees) is delivered: nothing more is on its way. */
  const allesBezorgd = (zaak: string) => waitFor(async () => {
    const r = await lijst(srv.gateway.db, { zaak });
    return r.length && r.every((e) => e.toestand === 'bezorgd') ? r : undefined;
  });

  it('an abonnee whose events filter excludes an event gets no kennisgeving for it and has no outbox entry for it', async () => {
    const gezinsplan = uniqueId('0999G');
    const z = uniqueId('0999W');
    await ok(creeer(gezinsplan, bsn()));
    // each step: the message, its event, and how many entries STATUS has after it (committed with the Bv03)
    const stappen: [Msg, string, number][] = [
      [creeer(z, bsn(), { zaaktype: 'DP-WWB', omschrijving: 'Deelplan Participatiewet' }), 'zaakCreated', 0],
      [omschrijving(z, 'Deelplan Participatiewet', 'Deelplan Participatiewet (gewijzigd)'), 'zaakUpdated', 0],
      [zetStatus(z, 1, 'Aanvraag ontvangen', '20240320100000'), 'statusChanged', 1],
      [document(z, 'Deelplan gegevens Participatiewet'), 'documentAdded', 1],
      [koppel(gezinsplan, z), 'deelplanLinked', 1],
      [omschrijving(z, 'Deelplan Participatiewet (gewijzigd)', 'Deelplan Participatiewet (bijgesteld)'), 'zaakUpdated', 1],
      [zetStatus(z, 2, 'In behandeling', '20240321100000'), 'statusChanged', 2],
    ];
    for (const [m, event, n] of stappen) {
      await ok(m);
      const r = await rows(z, 'STATUS');
      assert.equal(r.length, n, `after ${event}: ${n} outbox entries for STATUS`);
      assert.ok(r.every((e) => e.gebeurtenissen?.split(',').includes('statusChanged')), `after ${event}: every STATUS entry is for a status change`);
    }
    const alle = await allesBezorgd(z);
    // STATUS: exactly the two status changes, T then W, and no entry caused by another event alone
    const r = await rows(z, 'STATUS');
    assert.deepEqual(r.map((e) => e.gebeurtenissen!.split(',').includes('statusChanged')), [true, true]);
    assert.equal(status_.ontvangen.length, 2, 'STATUS received exactly two kennisgevingen');
    assert.deepEqual(status_.ontvangen.map(mutatiesoort), ['T', 'W']);
    assert.deepEqual(status_.ontvangen.map((m) => m.referentienummer), r.map((e) => e.referentienummer));
    assert.match(status_.ontvangen[0].body, /Aanvraag ontvangen/);
    assert.match(status_.ontvangen[1].body.split('</ZKN:object>')[1], /In behandeling/);
    for (const m of status_.ontvangen) assertKennisgevingValid(srv, m);
    // ALLES (same zaaktype, no events filter) heard of the excluded events as well
    const vanAlles = alle.filter((e) => e.abonnee === 'ALLES');
    assert.equal(alles.ontvangen.length, vanAlles.length);
    const events = new Set(vanAlles.flatMap((e) => e.gebeurtenissen!.split(',')));
    for (const e of ['zaakCreated', 'zaakUpdated', 'statusChanged', 'deelplanLinked']) assert.ok(events.has(e), `ALLES got ${e}`);
    assert.ok(alles.ontvangen.length > status_.ontvangen.length + 2);
    // nothing else arrives later for STATUS
    await new Promise((r2) => setTimeout(r2, 300));
    assert.equal(status_.ontvangen.length, 2);
    assert.equal((await rows(z, 'STATUS')).length, 2);
    assert.equal((await lijst(srv.gateway.db, { abonnee: 'STATUS' })).length, 2, 'STATUS has no entries for other zaken');
  });

  it('a soapAction template in the subscription is the SOAPAction the abonnee receives (SOAP 1.1 and 1.2)', async () => {
    const z = uniqueId('0999V');
    await ok(creeer(z, bsn(), { zaaktype: 'DP-LLV', omschrijving: 'Deelplan leerlingenvervoer' }));
    await ok(document(z, 'Deelplan gegevens leerlingenvervoer'));
    const alle = await allesBezorgd(z);
    const n = (abonnee: string) => alle.filter((e) => e.abonnee === abonnee).length;
    const ontvangen = await actie.wachtOp(n('ACTIE'));
    assert.deepEqual(ontvangen.map((m) => m.root), ['ZKN:zakLk01', 'ZKN:edcLk01']);
    assert.deepEqual(ontvangen.map((m) => m.soapAction), ['urn:gemeente:regie:ontvang/zakLk01', 'urn:gemeente:regie:ontvang/edcLk01']);
    assert.ok(ontvangen.every((m) => !m.soapAction.startsWith(A11)), 'not the default zkn0310 action');
    const ontvangen12 = await actie12.wachtOp(n('ACTIE12'));
    assert.ok(ontvangen12.length >= 1);
    for (const m of ontvangen12) {
      assert.equal(m.soapAction, 'urn:gemeente:regie:kennisgeving');
      assert.match(m.contentType, /^application\/soap\+xml;.*action="urn:gemeente:regie:kennisgeving"/);
    }
    for (const m of [...ontvangen, ...ontvangen12]) assertKennisgevingValid(srv, m);
  });

  it('a kennisgeving refused with Fo03 twice and then accepted: every attempt carries the same referentienummer and tijdstipBericht', async () => {
    const pogingen: Ontvangen[] = [];
    weigeraar.handler = async (m) => {
      pogingen.push(m);
      return pogingen.length <= 2 ? { status: 500, body: fo03(m.referentienummer, 'StUF058', `tijdelijk niet (poging ${pogingen.length})`) } : undefined;
    };
    try {
      const z = uniqueId('0999S');
      await ok(creeer(z, bsn(), { zaaktype: 'DP-SHV', omschrijving: 'Deelplan schuldhulpverlening' }));
      const [aanvaard] = await weigeraar.wachtOp(1);
      const [row] = await waitFor(async () => {
        const r = await rows(z, 'WEIGERAAR');
        return r.length === 1 && r[0].toestand === 'bezorgd' ? r : undefined;
      });
      assert.equal(pogingen.length, 3, 'two refusals, then accepted');
      assert.equal(row.pogingen, 3);
      assert.equal(row.laatste_fout, null, 'delivered: the last reason is cleared');
      const ref = row.referentienummer;
      assert.ok(ref);
      assert.deepEqual(pogingen.map((m) => m.referentienummer), [ref, ref, ref], 'the same referentienummer on every attempt');
      const tijdstip = textOf(pogingen[0].body, 'tijdstipBericht');
      assert.match(tijdstip ?? '', /^\d{17}$/);
      assert.deepEqual(pogingen.map((m) => textOf(m.body, 'tijdstipBericht')), [tijdstip, tijdstip, tijdstip], 'the same tijdstipBericht on every attempt');
      assert.ok(pogingen.every((m) => m.body === pogingen[0].body), 'the same message, byte for byte');
      assert.equal(aanvaard.referentienummer, ref);
      assertKennisgevingValid(srv, aanvaard);
    } finally {
      weigeraar.handler = undefined;
    }
  });
});
