// The rest of ZDS 1.2 over real HTTP (ZDS 1.1 has none of it): the besluit services genereerBesluitIdentificatie,
// voegBesluitToe, updateBesluit, geefBesluitdetails, geefLijstBesluiten, leidtTot in geefZaakdetails; overdragenZaak.
// Every answer, faults included, is validated against the official XSD.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../src/http/server.ts';
import { A12 } from '../src/stuf/dialect.ts';
import { assertValidAnswer, faultCode, post, startTestServer, textOf, uniqueId } from './helpers.ts';
import { sg, lvParams, msg, creeerZaak, document, besluitAttrs, voegBesluitToe, updateBesluit, details, lijst, zaakdetails, zaakdetails11, genereer, type Msg } from './zds12.ts';

const all = (text: string, name: string) => [...text.matchAll(new RegExp(`<ZKN:${name}>([^<]*)<`, 'g'))].map((m) => m[1]);

describe('besluit services and overdragenZaak (ZDS 1.2)', () => {
  let srv: RunningServer;
  before(async () => {
    srv = await startTestServer();
  });
  after(async () => srv.close());

  async function send(m: Msg) {
    const a = await post(`${srv.url}/soap`, m.action, m.xml);
    return { ...a, name: assertValidAnswer(srv, a.text, 'zds-1.2').name, code: faultCode(a.text), details: textOf(a.text, 'details') };
  }
  async function ok(m: Msg, name: string) {
    const a = await send(m);
    assert.equal(a.status, 200, `${a.code}: ${a.details}`);
    assert.equal(a.name, name);
    return a;
  }
  async function fault(m: Msg, code: string) {
    const a = await send(m);
    assert.equal(a.status, 500, a.text);
    assert.equal(a.code, code, `${a.code}: ${a.details}`);
    return a;
  }
  async function zaakMetDocument() {
    const zaakId = uniqueId('0999B');
    await ok(creeerZaak(zaakId), 'Bv03Bericht');
    const doc = uniqueId('E');
    await ok(document(doc, zaakId), 'Bv03Bericht');
    return { zaakId, doc };
  }

  it('genereerBesluitIdentificatie answers Du02 with a new identificatie each time', async () => {
    const a = await ok(genereer(), 'genereerBesluitIdentificatie_Du02');
    const b = await ok(genereer(), 'genereerBesluitIdentificatie_Du02');
    assert.notEqual(all(a.text, 'identificatie')[0], all(b.text, 'identificatie')[0]);
  });

  it('voegBesluitToe stores the besluit; geefBesluitdetails, geefLijstBesluiten and geefZaakdetails (leidtTot) return it', async () => {
    const { zaakId, doc } = await zaakMetDocument();
    const [b1, b2] = [`${uniqueId('B')}2`, `${uniqueId('B')}1`].sort();
    const bv = await ok(voegBesluitToe(b2, zaakId, doc), 'Bv03Bericht');
    assert.ok(bv.text.includes('crossRefnummer'));
    await ok(voegBesluitToe(b1, zaakId), 'Bv03Bericht');
    const d = await ok(details(b2), 'geefBesluitdetails_BslLa01');
    assert.deepEqual(all(d.text, 'datumBeslissing'), ['20240320']);
    assert.deepEqual(all(d.text, 'toelichting'), ['eerste']);
    assert.match(d.text, new RegExp(`<ZKN:isUitkomstVan StUF:entiteittype="BSLZAK"><ZKN:gerelateerde StUF:entiteittype="ZAK"><ZKN:identificatie>${zaakId}<`));
    assert.match(d.text, new RegExp(`<ZKN:isVastgelegdIn StUF:entiteittype="BSLEDC"><ZKN:gerelateerde StUF:entiteittype="EDC"><ZKN:identificatie>${doc}<`));
    const l = await ok(lijst(zaakId), 'geefLijstBesluiten_ZakLa01');
    assert.deepEqual(all(l.text, 'identificatie'), [zaakId, b1, b2]);
    const z = await ok(zaakdetails(zaakId), 'geefZaakdetails_ZakLa01');
    assert.deepEqual(all(z.text, 'identificatie'), [zaakId, b1, b2]);
    const m11 = zaakdetails11(zaakId);
    const z11 = await post(`${srv.url}/soap`, m11.action, m11.xml);
    assert.equal(assertValidAnswer(srv, z11.text, 'zds-1.1').name, 'zakLa01');
    assert.match(z11.text, new RegExp(`<ZKN:leidtTot StUF:entiteittype="ZAKBSL"><ZKN:gerelateerde StUF:entiteittype="BSL"><ZKN:identificatie>${b1}<`));
  });

  it('updateBesluit applies nieuw when oud matches; a different oud is StUF058 and changes nothing', async () => {
    const { zaakId } = await zaakMetDocument();
    const id = uniqueId('U');
    await ok(voegBesluitToe(id, zaakId), 'Bv03Bericht');
    await fault(updateBesluit(id, 'niet wat er staat', 'tweede'), 'StUF058');
    assert.deepEqual(all((await ok(details(id), 'geefBesluitdetails_BslLa01')).text, 'toelichting'), ['eerste']);
    await ok(updateBesluit(id, 'eerste', 'tweede'), 'Bv03Bericht');
    assert.deepEqual(all((await ok(details(id), 'geefBesluitdetails_BslLa01')).text, 'toelichting'), ['tweede']);
  });

  it('faults: unknown zaak or document StUF064, existing besluit StUF058, unknown besluit in updateBesluit StUF064; unknown in details: no antwoord', async () => {
    const { zaakId } = await zaakMetDocument();
    const id = uniqueId('F');
    await fault(voegBesluitToe(id, uniqueId('0999N')), 'StUF064');
    await fault(voegBesluitToe(id, zaakId, uniqueId('N')), 'StUF064');
    const leeg = await ok(details(id), 'geefBesluitdetails_BslLa01'); // nothing of the failed ones was stored
    assert.doesNotMatch(leeg.text, /<ZKN:antwoord>/);
    await ok(voegBesluitToe(id, zaakId), 'Bv03Bericht');
    await fault(voegBesluitToe(id, zaakId), 'StUF058');
    await fault(updateBesluit(uniqueId('N'), 'x', 'y'), 'StUF064');
  });
  describe('overdragenZaak', () => {
    it('a transfer request (Di01) is recorded and acknowledged; only an accepted answer (Du01) changes the responsible system', async () => {
      const zaakId = uniqueId('0999O');
      assert.equal((await send(creeerZaak(zaakId))).status, 200);
      const zaak = await srv.gateway.db('zaak').where({ identificatie: zaakId }).first();
      const verzoek = await send(overdragenDi01(zaakId));
      assert.equal(verzoek.status, 200, verzoek.text);
      assert.equal(verzoek.name, 'Bv03Bericht');
      const geweigerd = await send(overdragenDu01(zaakId, 'Overdracht geweigerd'));
      assert.equal(geweigerd.name, 'Bv03Bericht');
      assert.equal((await srv.gateway.db('zaak').where({ id: zaak.id }).first()).beheerder, null);
      const geaccepteerd = await send(overdragenDu01(zaakId, 'Overdracht geaccepteerd'));
      assert.equal(geaccepteerd.name, 'Bv03Bericht');
      assert.equal((await srv.gateway.db('zaak').where({ id: zaak.id }).first()).beheerder, '0999/WMO');
      const historie = await srv.gateway.db('zaak_overdracht').where({ zaak_id: zaak.id }).orderBy('id');
      assert.deepEqual(historie.map((h: { soort: string; uitkomst: string | null }) => [h.soort, h.uitkomst]),
        [['verzoek', null], ['antwoord', 'Overdracht geweigerd'], ['antwoord', 'Overdracht geaccepteerd']]);
      assert.equal(historie[0].melding, 'graag overnemen');
    });

    it('a transfer of an unknown zaak is StUF064', async () => {
      const a = await send(overdragenDi01(uniqueId('0999N')));
      assert.equal(a.status, 500);
      assert.equal(a.name, 'Fo03Bericht');
      assert.equal(a.code, 'StUF064');
      const b = await send(overdragenDu01(uniqueId('0999N'), 'Overdracht geaccepteerd'));
      assert.equal(b.code, 'StUF064');
    });
  });
});

const overdragenDi01 = (zaakId: string) => msg('overdragenZaak_Di01', (ref) => `${sg('Di01', ref, '<StUF:functie>overdragenZaak</StUF:functie>')}` +
  `<ZKN:melding>graag overnemen</ZKN:melding><ZKN:object StUF:entiteittype="ZAK" StUF:functie="entiteit"><ZKN:identificatie>${zaakId}</ZKN:identificatie>` +
  '<ZKN:isVan StUF:entiteittype="ZAKZKT"><ZKN:gerelateerde StUF:entiteittype="ZKT"><ZKN:omschrijving>Gezinsplan</ZKN:omschrijving><ZKN:code>GZP</ZKN:code></ZKN:gerelateerde></ZKN:isVan></ZKN:object>');

const overdragenDu01 = (zaakId: string, antwoord: string) => msg('overdragenZaak_Du01', (ref) =>
  `${sg('Du01', ref, '<StUF:crossRefnummer>ZKM-verzoek-1</StUF:crossRefnummer><StUF:functie>overdragenZaak</StUF:functie>')}` +
  `<ZKN:object StUF:entiteittype="ZAK" StUF:functie="entiteit"><ZKN:identificatie>${zaakId}</ZKN:identificatie><ZKN:antwoord>${antwoord}</ZKN:antwoord></ZKN:object>`);
