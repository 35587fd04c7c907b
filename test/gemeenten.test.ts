// Gemeente isolation (issue #6): one gateway serves two gemeenten, 0999 and 0888 (a zender of organisatie 1234 works
// for 0888 by configuration). For every read service, what a zender of 0888 gets for a zaak, document, besluit or BSN
// of 0999 is exactly what it gets for one that never existed: it cannot read it, and cannot even learn that it exists.
// Writes that name 0999's objects fail as for unknown ones; 0888 may use the same identificatie for its own zaak.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../src/http/server.ts';
import { A11, A12 } from '../src/stuf/dialect.ts';
import { findZaak } from '../src/store/zaken.ts';
import { assertValidAnswer, envelope, faultCode, freshDatabase, post, startTestServer, textOf, uniqueId, XMLNS } from './helpers.ts';
import { creeerZaak12, id, kennisgeving, rel, zak, zaakRef } from './messages.ts';
import {
  alsGemeente, creeerZaak, details, document, documentBewerken, documentenLijst, documentLezen, genereer, lijst, lvParams, sg, voegBesluitToe, zaakdetails, zaakdetails11, zaakstatus,
  zakenVanInitiator, type Msg,
} from './zds12.ts';

const BSN = '999999990'; // initiator of creeerZaak12
const OBJECT_BSN = '123456782'; // a zaakobject person of gemeente 0999's DP-WWB zaak
const CREEER = `${A12}creeerZaak_ZakLk01`;

/** The ZDS 1.1 form of a ZDS 1.2 vraag (ZKN:zakLv01 or ZKN:edcLv01 with the 1.1 SOAPAction), or with `edcLv01` the plain StUF-ZKN one. */
const als11 = (m: Msg, root: 'zakLv01' | 'edcLv01', service: string): Msg =>
  ({ ...m, xml: m.xml.replace(/<ZDS:\w+ /, `<ZKN:${root} `).replace(/<\/ZDS:\w+>/, `</ZKN:${root}>`), action: `${A11}${service}` });

/** The plain StUF-ZKN zakLv01 with this selection (scope alles). */
function zakLv01(gelijk: string): Msg {
  const ref = uniqueId('R');
  return {
    xml: envelope(`<ZKN:zakLv01 ${XMLNS}>${sg('Lv01', ref, '<StUF:entiteittype>ZAK</StUF:entiteittype>')}${lvParams}<ZKN:gelijk StUF:entiteittype="ZAK">${gelijk}</ZKN:gelijk>` +
      '<ZKN:scope><ZKN:object StUF:entiteittype="ZAK" StUF:scope="alles"/></ZKN:scope></ZKN:zakLv01>'),
    action: `${A11}zakLv01`, ref,
  };
}
const zakenVanZaakobject = (bsn: string) => zakLv01('<ZKN:heeftBetrekkingOp StUF:entiteittype="ZAKOBJ"><ZKN:gerelateerde StUF:entiteittype="OBJ">' +
  `<ZKN:identificatie>${bsn}</ZKN:identificatie><ZKN:typering>NPS</ZKN:typering></ZKN:gerelateerde></ZKN:heeftBetrekkingOp>`);
const zakenVanZaaktype = (code: string) => zakLv01(`<ZKN:isVan StUF:entiteittype="ZAKZKT"><ZKN:gerelateerde StUF:entiteittype="ZKT"><ZKN:code>${code}</ZKN:code></ZKN:gerelateerde></ZKN:isVan>`);

/** creeerZaak12 with a zaakobject person (heeftBetrekkingOp comes before heeftAlsInitiator). */
const metZaakobject = (xml: string, bsn: string) => xml.replace('<ZKN:heeftAlsInitiator', '<ZKN:heeftBetrekkingOp StUF:entiteittype="ZAKOBJ" StUF:verwerkingssoort="T"><ZKN:gerelateerde>' +
  `<ZKN:natuurlijkPersoon StUF:entiteittype="NPS" StUF:verwerkingssoort="T"><BG:inp.bsn>${bsn}</BG:inp.bsn></ZKN:natuurlijkPersoon></ZKN:gerelateerde>` +
  '<ZKN:omschrijving>Gezinslid (kind)</ZKN:omschrijving></ZKN:heeftBetrekkingOp><ZKN:heeftAlsInitiator');

const PATHS: Record<string, string> = {
  geefZaakdetails_ZakLv01: '/zds/1.2/BeantwoordVraag', geefZaakstatus_ZakLv01: '/zds/1.2/BeantwoordVraag', geefLijstZaakdocumenten_ZakLv01: '/zds/1.2/BeantwoordVraag',
  geefZaakdocumentLezen_EdcLv01: '/zds/1.2/BeantwoordVraag', geefBesluitdetails_BslLv01: '/zds/1.2/BeantwoordVraag', geefLijstBesluiten_ZakLv01: '/zds/1.2/BeantwoordVraag',
  geefZaakdocumentbewerken_Di02: '/zds/1.2/VerwerkSynchroonVrijBericht', genereerBesluitIdentificatie_Di02: '/zds/1.2/VerwerkSynchroonVrijBericht',
  geefZaakdetails_Lv01: '/zds/1.1/BeantwoordVraag', geefZaakstatus_Lv01: '/zds/1.1/BeantwoordVraag', geefLijstZaakdocumenten_Lv01: '/zds/1.1/BeantwoordVraag',
  geefZaakdocumentLezen_Lv01: '/zds/1.1/BeantwoordVraag', zakLv01: '/stuf-zkn/3.10/BeantwoordVraag', edcLv01: '/stuf-zkn/3.10/BeantwoordVraag',
};
const pathOf = (m: Msg) => PATHS[m.action.split('/').pop()!] ?? '/zds/1.2/OntvangAsynchroon';
const bundleOf = (m: Msg) => (/\/zds\/1\.2\//.test(pathOf(m)) ? 'zds-1.2' : 'zds-1.1');

/** An answer without what differs per request: stuurgegevens values and the identificaties asked for. */
const normaal = (text: string, ids: string[]) => ids.reduce((t, id) => t.split(id).join('<ID>'), text)
  .replace(/<(StUF:)?(referentienummer|tijdstipBericht|crossRefnummer)>[^<]*</g, '<$1$2>_<');

describe('gemeente isolation: two gemeenten in one gateway', () => {
  let srv: RunningServer;
  let drop: () => Promise<void>;
  const za = uniqueId('0999Z');
  const da = uniqueId('0999D');
  const ba = uniqueId('0999B');
  const zw = uniqueId('0999W'); // a DP-WWB zaak with a zaakobject person
  // zaaktype DP-SHV: in the catalogue, and no zaak of it in any gemeente
  const nooit = { zaak: uniqueId('0999N'), document: uniqueId('0999N'), besluit: uniqueId('0999N'), bsn: '111222333', objectBsn: '100000009', zaaktype: 'DP-SHV' };

  async function send(m: Msg) {
    const a = await post(srv.url + pathOf(m), m.action, m.xml);
    assertValidAnswer(srv, a.text, bundleOf(m));
    return a;
  }
  async function ok(m: Msg) {
    const a = await send(m);
    assert.equal(a.status, 200, `${m.action}: ${faultCode(a.text)} ${textOf(a.text, 'details')}`);
    return a.text;
  }

  before(async () => {
    const db = await freshDatabase();
    drop = db.drop;
    srv = await startTestServer({ DATABASE_URL: db.url }, {
      gemeenteIsolation: true,
      authorisation: { zenders: { '0999/REGIE': { operations: ['*'] }, '0999/WMO': { operations: ['*'] }, '0888/WMO': { operations: ['*'] }, '1234/WMO': { operations: ['*'], gemeente: '0888' } } },
    });
    // gemeente 0999: a zaak with a BSN initiator, a document and a besluit
    await ok({ xml: creeerZaak12(za, { applicatie: 'WMO' }), action: `${A12}creeerZaak_ZakLk01`, ref: '' });
    await ok(document(da, za));
    await ok(voegBesluitToe(ba, za, da));
    await ok({ xml: metZaakobject(creeerZaak12(zw, { applicatie: 'WMO', zaaktype: 'DP-WWB' }), OBJECT_BSN), action: CREEER, ref: '' });
  });
  after(async () => {
    await srv?.close();
    await drop?.();
  });

  const reads: [string, (ids: typeof nooit) => Msg, (ids: typeof nooit) => string[]][] = [
    ['geefZaakdetails (1.2)', (i) => zaakdetails(i.zaak), (i) => [i.zaak]],
    ['geefZaakdetails (1.1, zakLv01)', (i) => zaakdetails11(i.zaak), (i) => [i.zaak]],
    ['geefZaakstatus', (i) => zaakstatus(i.zaak), (i) => [i.zaak]],
    ['geefLijstZaakdocumenten', (i) => documentenLijst(i.zaak), (i) => [i.zaak]],
    ['geefLijstBesluiten', (i) => lijst(i.zaak), (i) => [i.zaak]],
    ['geefZaakdocumentLezen', (i) => documentLezen(i.document), (i) => [i.document]],
    ['geefBesluitdetails', (i) => details(i.besluit), (i) => [i.besluit]],
    ['zakLv01 by the BSN of the initiator', (i) => zakenVanInitiator(i.bsn), (i) => [i.bsn]],
    ['geefZaakdocumentbewerken (checkout)', (i) => documentBewerken(i.document), (i) => [i.document]],
    ['geefZaakstatus (1.1, zakLv01)', (i) => als11(zaakstatus(i.zaak), 'zakLv01', 'geefZaakstatus_Lv01'), (i) => [i.zaak]],
    ['geefLijstZaakdocumenten (1.1, zakLv01)', (i) => als11(documentenLijst(i.zaak), 'zakLv01', 'geefLijstZaakdocumenten_Lv01'), (i) => [i.zaak]],
    ['geefZaakdocumentLezen (1.1, edcLv01)', (i) => als11(documentLezen(i.document), 'edcLv01', 'geefZaakdocumentLezen_Lv01'), (i) => [i.document]],
    ['edcLv01 (StUF-ZKN 3.10)', (i) => als11(documentLezen(i.document), 'edcLv01', 'edcLv01'), (i) => [i.document]],
    ['zakLv01 by the BSN of a zaakobject person', (i) => zakenVanZaakobject(i.objectBsn), (i) => [i.objectBsn]],
    ['zakLv01 by zaaktype', (i) => zakenVanZaaktype(i.zaaktype), (i) => [i.zaaktype]],
  ];
  const van0999 = { zaak: za, document: da, besluit: ba, bsn: BSN, objectBsn: OBJECT_BSN, zaaktype: 'DP-WWB' };

  for (const [name, vraag, ids] of reads) {
    it(`${name}: 0888 gets for 0999's object what it gets for one that never existed; 0999 gets its own`, async () => {
      for (const org of ['0888', '1234']) {
        const andere = await send(alsGemeente(vraag(van0999), org));
        const onbekend = await send(alsGemeente(vraag(nooit), org));
        assert.equal(andere.status, onbekend.status, name);
        assert.equal(normaal(andere.text, ids(van0999)), normaal(onbekend.text, ids(nooit)), `${name} (${org}): the answer tells that it exists`);
        // nothing of 0999 but what the request itself named
        for (const x of [za, da, ba, BSN, zw, OBJECT_BSN].filter((v) => !ids(van0999).includes(v))) assert.ok(!andere.text.includes(x), `${name} (${org}) shows ${x}`);
      }
      const eigen = await ok(vraag(van0999));
      assert.ok(ids(van0999).some((x) => eigen.includes(x)) || eigen.includes(za), `${name}: 0999 sees its own`);
      if (name.startsWith('zakLv01 by')) assert.ok(eigen.includes(name.includes('initiator') ? za : zw), `${name}: 0999 finds its zaak`);
      if (/Lezen|edcLv01/.test(name)) assert.ok(eigen.includes('JVBERi0='), `${name}: 0999 reads its document`);
    });
  }

  it('writes from 0888 that name 0999\'s zaak fail as for an unknown zaak; 0888 may use the same identificatie; generated identificaties start with 0888', async () => {
    for (const [m, n] of [[document(uniqueId('0888D'), za), document(uniqueId('0888D'), nooit.zaak)], [voegBesluitToe(uniqueId('0888B'), za), voegBesluitToe(uniqueId('0888B'), nooit.zaak)]] as const) {
      const a = await send(alsGemeente(m, '0888'));
      const b = await send(alsGemeente(n, '0888'));
      assert.equal(a.status, 500);
      assert.equal(faultCode(a.text), faultCode(b.text));
      assert.equal(textOf(a.text, 'details')?.replace(za, 'X'), textOf(b.text, 'details')?.replace(nooit.zaak, 'X'));
    }
    await ok(alsGemeente(creeerZaak(za), '0888')); // the same identificatie, another gemeente: a zaak of its own
    assert.doesNotMatch(await ok(alsGemeente(zaakdetails(za), '0888')), new RegExp(ba), '0888 sees its own zaak (without 0999\'s besluit)');
    assert.match(await ok(zaakdetails(za)), new RegExp(ba), '0999 still sees its own (with its besluit)');
    assert.match(textOf(await ok(alsGemeente(genereer(), '0888')), 'identificatie') ?? '', /^0888/);
    assert.match(textOf(await ok(genereer()), 'identificatie') ?? '', /^0999/);
  });

  it('an updateZaak of 0888 on its own zaak that links 0999\'s zaak as deelzaak fails as for an unknown zaak and changes nothing', async () => {
    const gezinsplan = uniqueId('0888G'); // 0888's own (GZP)
    await ok(alsGemeente(creeerZaak(gezinsplan), '0888'));
    const deelplan0999 = uniqueId('0999Q'); // a deelplan that 0888 could link if it could see it
    await ok({ xml: creeerZaak12(deelplan0999, { applicatie: 'WMO', zaaktype: 'DP-WMO' }), action: CREEER, ref: '' });
    const koppel = (deelzaak: string): Msg => alsGemeente(kennisgeving('updateZaak', '1.2', 'W',
      zak(`${id(gezinsplan)}<ZKN:omschrijving>Deelplan Wmo</ZKN:omschrijving>${rel('heeftAlsDeelzaak', 'ZAKZAKDEL', 'T')}`, 'I') +
      zak(`${id(gezinsplan)}<ZKN:omschrijving>Deelplan Wmo</ZKN:omschrijving>${rel('heeftAlsDeelzaak', 'ZAKZAKDEL', 'T', zaakRef(deelzaak))}`, 'I'), { applicatie: 'WMO' }), '0888');
    const overzicht = async () => [
      normaal(await ok(alsGemeente(zaakdetails11(gezinsplan), '0888')), []),
      normaal(await ok(zaakdetails11(deelplan0999)), []),
    ];
    const voor = await overzicht();

    const andere = await send(koppel(deelplan0999));
    const onbekend = await send(koppel(nooit.zaak));
    assert.equal(andere.status, 500);
    assert.equal(faultCode(andere.text), faultCode(onbekend.text));
    assert.equal(textOf(andere.text, 'details')?.replace(deelplan0999, 'X'), textOf(onbekend.text, 'details')?.replace(nooit.zaak, 'X'));
    assert.equal(normaal(andere.text, [deelplan0999]), normaal(onbekend.text, [nooit.zaak]), 'the fault tells that the zaak exists');

    assert.deepEqual(await overzicht(), voor, 'neither zaak changed');
    const zaakIds = [(await findZaak(srv.gateway.db, gezinsplan, '0888'))!.id, (await findZaak(srv.gateway.db, deelplan0999, '0999'))!.id];
    assert.equal((await srv.gateway.db('zaak_zaak').whereIn('zaak_id', zaakIds).orWhereIn('andere_zaak_id', zaakIds)).length, 0, 'no link stored');
    // the same message with 0888's own deelplan links it: it was the isolation that refused
    const eigenDeelplan = uniqueId('0888Q');
    await ok(alsGemeente({ xml: creeerZaak12(eigenDeelplan, { applicatie: 'WMO', zaaktype: 'DP-WMO' }), action: CREEER, ref: '' }, '0888'));
    await ok(koppel(eigenDeelplan));
    assert.match(await ok(alsGemeente(zaakdetails11(gezinsplan), '0888')), new RegExp(`heeftAlsDeelzaak[\\s\\S]*${eigenDeelplan}`));
  });
});
