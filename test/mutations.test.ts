// The mutation services over real HTTP: updateZaak, actualiseerZaakstatus and the plain zakLk01, in ZDS 1.1
// and 1.2. Stored effects are checked in the database (srv.gateway.db); every answer, faults included, is
// validated against the dialect's XSD.
import { decodeContent } from '../src/store/nodes.ts';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../src/http/server.ts';
import { DEFAULTS } from '../src/config/index.ts';
import { assertValidAnswer, faultCode, post, startTestServer, textOf, uniqueId } from './helpers.ts';
import { creeer, geenStatus, id, isVan, kenmerk, kennisgeving, nps, rel, status, zaakRef, zak, type Msg } from './messages.ts';

type Dialect = '1.1' | '1.2';
const BUNDLE = { '1.1': 'zds-1.1', '1.2': 'zds-1.2' } as const;

const bsn = () => String(100000000 + Math.floor(Math.random() * 899999999)).slice(0, 9);

describe('mutation services (updateZaak, actualiseerZaakstatus, zakLk01)', () => {
  let srv: RunningServer;
  const url = () => `${srv.url}/soap`;
  const db = () => srv.gateway.db;

  before(async () => {
    srv = await startTestServer();
  });
  after(async () => srv.close());

  async function send(m: Msg, d: Dialect | 'stuf' = '1.2') {
    const a = await post(url(), m.action, m.xml);
    const name = assertValidAnswer(srv, a.text, d === '1.2' ? 'zds-1.2' : 'zds-1.1').name;
    return { ...a, name, code: faultCode(a.text), details: textOf(a.text, 'details') };
  }
  async function ok(m: Msg, d: Dialect | 'stuf' = '1.2') {
    const a = await send(m, d);
    assert.equal(a.status, 200, `expected Bv03, got ${a.code}: ${a.details}`);
    assert.equal(a.name, 'Bv03Bericht');
    assert.equal(textOf(a.text, 'crossRefnummer'), m.ref);
    return a;
  }
  async function fault(m: Msg, code: string, d: Dialect | 'stuf' = '1.2', details?: RegExp) {
    const a = await send(m, d);
    assert.equal(a.status, 500);
    assert.equal(a.name, 'Fo03Bericht');
    assert.equal(a.code, code, `expected ${code}, got ${a.code}: ${a.details}`);
    if (details) assert.match(a.details ?? '', details);
    return a;
  }
  async function zaakRow(zaakId: string) {
    return db()('zaak').where({ identificatie: zaakId }).first();
  }
  const attr = (row: { attributen: string }, name: string) =>
    decodeContent(row.attributen).a.filter((a) => a.name === name);
  async function rollen(zaakId: string) {
    const z = await zaakRow(zaakId);
    return db()('betrokkene').where({ zaak_id: z.id }).orderBy('volgorde');
  }
  async function newZaak(opts: Parameters<typeof creeer>[2] = {}) {
    const zaakId = uniqueId('0999M');
    const ini = bsn();
    await ok(creeer(zaakId, ini, opts));
    return { zaakId, ini };
  }

  for (const d of ['1.2', '1.1'] as const) {
    describe(`ZDS ${d}`, () => {
      it('updateZaak sets, clears (noValue geenWaarde) and replaces the kenmerken; absent stays', async () => {
        const { zaakId } = await newZaak();
        const before = await zaakRow(zaakId);
        await ok(kennisgeving('updateZaak', d, 'W',
          zak(`${id(zaakId)}<ZKN:omschrijving>Gezinsplan</ZKN:omschrijving><ZKN:toelichting>eerste</ZKN:toelichting>${kenmerk('K-1', 'WMO')}${kenmerk('K-2', 'WMO')}<ZKN:einddatumGepland xsi:nil="true" StUF:noValue="geenWaarde"/>`) +
          zak(`${id(zaakId)}<ZKN:omschrijving>Gezinsplan herzien</ZKN:omschrijving><ZKN:toelichting xsi:nil="true" StUF:noValue="geenWaarde"/>${kenmerk('K-3', 'WWB')}<ZKN:einddatumGepland>20241231</ZKN:einddatumGepland>`)), d);
        const z = await zaakRow(zaakId);
        assert.equal(z.omschrijving, 'Gezinsplan herzien');
        assert.equal(attr(z, 'toelichting').length, 0, 'toelichting cleared');
        assert.equal(attr(z, 'einddatumGepland')[0].text, '20241231');
        assert.equal(z.startdatum, '20240311', 'absent attributes are unchanged');
        assert.equal(z.versie, before.versie + 1);
        const kenmerken = await db()('zaak_kenmerk').where({ zaak_id: z.id }).orderBy('volgorde');
        assert.deepEqual(kenmerken.map((k: { kenmerk: string; bron: string }) => [k.kenmerk, k.bron]), [['K-3', 'WWB']]);
      });

      it('updateZaak adds (T), changes (W) and removes (V) betrokkenen', async () => {
        const { zaakId, ini } = await newZaak();
        const blh = bsn();
        // T: add a belanghebbende
        await ok(kennisgeving('updateZaak', d, 'W',
          zak(`${id(zaakId)}${rel('heeftAlsBelanghebbende', 'ZAKBTRBLH', 'T')}`) +
          zak(`${id(zaakId)}${rel('heeftAlsBelanghebbende', 'ZAKBTRBLH', 'T', nps(blh, 'Pietersen', 'T'))}`)), d);
        let r = await rollen(zaakId);
        assert.deepEqual(r.map((x: { rol: string; bsn: string }) => [x.rol, x.bsn]), [['heeftAlsInitiator', ini], ['heeftAlsBelanghebbende', blh]]);
        // W: the initiator's gerelateerde content changes
        await ok(kennisgeving('updateZaak', d, 'W',
          zak(`${id(zaakId)}${rel('heeftAlsInitiator', 'ZAKBTRINI', 'W', nps(ini, 'Jansen'))}`) +
          zak(`${id(zaakId)}${rel('heeftAlsInitiator', 'ZAKBTRINI', 'W', nps(ini, 'Jansen-de Vries'))}`)), d);
        r = await rollen(zaakId);
        const initiator = r.find((x: { rol: string }) => x.rol === 'heeftAlsInitiator');
        assert.match(initiator.node, /Jansen-de Vries/);
        assert.equal(r.length, 2);
        // V: the belanghebbende is removed
        await ok(kennisgeving('updateZaak', d, 'W',
          zak(`${id(zaakId)}${rel('heeftAlsBelanghebbende', 'ZAKBTRBLH', 'V', nps(blh, 'Pietersen'))}`) +
          zak(`${id(zaakId)}${rel('heeftAlsBelanghebbende', 'ZAKBTRBLH', 'V')}`)), d);
        r = await rollen(zaakId);
        assert.deepEqual(r.map((x: { rol: string }) => x.rol), ['heeftAlsInitiator']);
        // V of a relation that is not stored: StUF064, nothing changes
        await fault(kennisgeving('updateZaak', d, 'W',
          zak(`${id(zaakId)}${rel('heeftAlsBelanghebbende', 'ZAKBTRBLH', 'V', nps(blh, 'Pietersen'))}`) +
          zak(`${id(zaakId)}${rel('heeftAlsBelanghebbende', 'ZAKBTRBLH', 'V')}`)), 'StUF064', d, /heeftAlsBelanghebbende/);
      });

      it('an oud that differs from the stored zaak is StUF058 naming the element, and nothing changes', async () => {
        const { zaakId } = await newZaak();
        const before = await zaakRow(zaakId);
        await fault(kennisgeving('updateZaak', d, 'W',
          zak(`${id(zaakId)}<ZKN:omschrijving>Iets anders</ZKN:omschrijving>`) + zak(`${id(zaakId)}<ZKN:omschrijving>Overschreven</ZKN:omschrijving>`)),
        'StUF058', d, /omschrijving.*Iets anders.*Gezinsplan/);
        // geenWaarde in oud while a value is stored is a difference too
        await fault(kennisgeving('updateZaak', d, 'W',
          zak(`${id(zaakId)}<ZKN:toelichting xsi:nil="true" StUF:noValue="geenWaarde"/>`) + zak(`${id(zaakId)}<ZKN:toelichting>tweede</ZKN:toelichting>`)),
        'StUF058', d, /toelichting/);
        // the kenmerken come complete: oud naming only one of two is a difference
        await fault(kennisgeving('updateZaak', d, 'W',
          zak(`${id(zaakId)}${kenmerk('K-1', 'WMO')}`) + zak(`${id(zaakId)}${kenmerk('K-9', 'WMO')}`)), 'StUF058', d, /kenmerk/);
        const z = await zaakRow(zaakId);
        assert.equal(z.omschrijving, 'Gezinsplan');
        assert.equal(z.versie, before.versie);
        assert.equal(z.attributen, before.attributen);
      });

      it('unknown zaak is StUF064; changing identificatie or zaaktype is StUF058', async () => {
        const missing = uniqueId('0999X');
        await fault(kennisgeving('updateZaak', d, 'W', zak(`${id(missing)}`) + zak(`${id(missing)}<ZKN:omschrijving>x</ZKN:omschrijving>`)), 'StUF064', d, new RegExp(missing));
        const { zaakId } = await newZaak();
        await fault(kennisgeving('updateZaak', d, 'W', zak(`${id(zaakId)}`) + zak(`${id(uniqueId('0999Y'))}`)), 'StUF058', d, /identificatie/);
        await fault(kennisgeving('updateZaak', d, 'W', zak(`${id(zaakId)}${isVan('GZP')}`) + zak(`${id(zaakId)}${isVan('DP-WMO')}`)), 'StUF058', d, /zaaktype/);
        await fault(kennisgeving('updateZaak', d, 'W', zak(`${id(zaakId)}${isVan('DP-WMO')}`) + zak(`${id(zaakId)}${isVan('DP-WMO')}`)), 'StUF058', d, /isVan/);
        assert.equal((await zaakRow(zaakId)).zaaktype_code, 'GZP');
      });

      it('updateZaak on the hoofdzaak links a deelzaak (guide §6.3); an unknown deelzaak is StUF064', async () => {
        const { zaakId: hoofd } = await newZaak();
        const { zaakId: deel } = await newZaak({ zaaktype: 'DP-WMO', omschrijving: 'Deelplan Wmo' });
        const link = (target: string) => kennisgeving('updateZaak', d, 'W',
          zak(`${id(hoofd)}<ZKN:omschrijving>Gezinsplan</ZKN:omschrijving>${rel('heeftAlsDeelzaak', 'ZAKZAKDEL', 'T')}`, 'I') +
          zak(`${id(hoofd)}<ZKN:omschrijving>Gezinsplan</ZKN:omschrijving>${rel('heeftAlsDeelzaak', 'ZAKZAKDEL', 'T', zaakRef(target))}`, 'I'));
        await ok(link(deel), d);
        const [h, dz] = [await zaakRow(hoofd), await zaakRow(deel)];
        assert.ok(await db()('zaak_zaak').where({ zaak_id: h.id, andere_zaak_id: dz.id, soort: 'DEL' }).first());
        await fault(link(uniqueId('0999N')), 'StUF064', d, /bestaat niet/);
        // V removes the link again
        await ok(kennisgeving('updateZaak', d, 'W',
          zak(`${id(hoofd)}${rel('heeftAlsDeelzaak', 'ZAKZAKDEL', 'V', zaakRef(deel))}`) + zak(`${id(hoofd)}${rel('heeftAlsDeelzaak', 'ZAKZAKDEL', 'V')}`)), d);
        assert.equal(await db()('zaak_zaak').where({ zaak_id: h.id, andere_zaak_id: dz.id }).first(), undefined);
      });

      it('under a gezinsplan only deelplan zaaktypen are deelzaken (configuration koppeling); a creeerZaak may carry the link', async () => {
        const { zaakId: gezinsplan } = await newZaak();
        const { zaakId: algemeen } = await newZaak({ zaaktype: 'ALG', omschrijving: 'Algemene zaak' });
        await fault(kennisgeving('updateZaak', d, 'W',
          zak(`${id(gezinsplan)}<ZKN:omschrijving>Gezinsplan</ZKN:omschrijving>${rel('heeftAlsDeelzaak', 'ZAKZAKDEL', 'T')}`, 'I') +
          zak(`${id(gezinsplan)}<ZKN:omschrijving>Gezinsplan</ZKN:omschrijving>${rel('heeftAlsDeelzaak', 'ZAKZAKDEL', 'T', zaakRef(algemeen))}`, 'I')), 'StUF058', d, /deelplan-zaaktypen/);
        // a gezinsplan created with its deelplan (allowed by default)
        const { zaakId: deel } = await newZaak({ zaaktype: 'DP-WMO', omschrijving: 'Deelplan' });
        const tweede = uniqueId('0999M');
        await ok(creeer(tweede, bsn(), { extraRelations: rel('heeftAlsDeelzaak', 'ZAKZAKDEL', 'T', zaakRef(deel)) }));
        const [g, dz] = [await zaakRow(tweede), await zaakRow(deel)];
        assert.ok(await db()('zaak_zaak').where({ zaak_id: g.id, andere_zaak_id: dz.id, soort: 'DEL' }).first());
      });

      it('actualiseerZaakstatus adds a status; unknown statustype and duplicate datumStatusGezet are StUF058; the eindstatus sets einddatum', async () => {
        const { zaakId } = await newZaak();
        const actualiseer = (s: string, opts: { oud?: string } = {}) => kennisgeving('actualiseerZaakstatus', d, 'W',
          zak(`${id(zaakId)}${opts.oud ?? ''}${geenStatus}`) + zak(`${id(zaakId)}${s}`));
        await ok(actualiseer(status(2, 'Plan in opstelling', '20240320143000', 'toegelicht')), d);
        const z = await zaakRow(zaakId);
        const rows = await db()('status').where({ zaak_id: z.id });
        assert.equal(rows.length, 1);
        assert.equal(rows[0].volgnummer, 2);
        assert.equal(rows[0].toelichting, 'toegelicht');
        assert.equal(z.einddatum, null);
        await fault(actualiseer(status(42, 'Bestaat niet', '20240321100000')), 'StUF058', d, /Statustype/);
        await fault(actualiseer(status(3, 'Plan vastgesteld', '20240320143000')), 'StUF058', d, /datumStatusGezet/);
        await ok(actualiseer(status(5, 'Afgerond', '20240401120000')), d);
        const closed = await zaakRow(zaakId);
        assert.equal(closed.einddatum, '20240401');
        assert.equal((await db()('status').where({ zaak_id: z.id })).length, 2);
      });

      it('a retransmission is answered with the same Bv03 without applying twice; the same key with another body is StUF016', async () => {
        const { zaakId } = await newZaak();
        const ref = uniqueId('R');
        const m = kennisgeving('actualiseerZaakstatus', d, 'W', zak(`${id(zaakId)}${geenStatus}`) + zak(`${id(zaakId)}${status(1, 'Aanvraag ontvangen', '20240320100000')}`), { ref });
        const first = await ok(m, d);
        const again = await ok(m, d);
        assert.equal(again.text, first.text);
        const z = await zaakRow(zaakId);
        assert.equal((await db()('status').where({ zaak_id: z.id })).length, 1);
        const other = kennisgeving('actualiseerZaakstatus', d, 'W', zak(`${id(zaakId)}${geenStatus}`) + zak(`${id(zaakId)}${status(2, 'Plan in opstelling', '20240320110000')}`), { ref });
        await fault(other, 'StUF016', d);
        assert.equal((await db()('status').where({ zaak_id: z.id })).length, 1);
      });

      it('nothing of a message that fails half-way stays', async () => {
        const { zaakId, ini } = await newZaak();
        const before = await zaakRow(zaakId);
        const ref = uniqueId('R');
        // attributes, a new betrokkene and a deelzaak link are applied before the unknown statustype fails
        const { zaakId: deel } = await newZaak({ zaaktype: 'DP-WMO' });
        await fault(kennisgeving('updateZaak', d, 'W',
          zak(`${id(zaakId)}<ZKN:omschrijving>Gezinsplan</ZKN:omschrijving>${rel('heeftAlsBelanghebbende', 'ZAKBTRBLH', 'T')}${rel('heeftAlsDeelzaak', 'ZAKZAKDEL', 'T')}${geenStatus}`) +
          zak(`${id(zaakId)}<ZKN:omschrijving>Half verwerkt</ZKN:omschrijving>${rel('heeftAlsBelanghebbende', 'ZAKBTRBLH', 'T', nps(bsn(), 'X', 'T'))}` +
            `${rel('heeftAlsDeelzaak', 'ZAKZAKDEL', 'T', zaakRef(deel))}${status(99, 'Onbekend', '20240320100000')}`), { ref }), 'StUF058', d);
        const z = await zaakRow(zaakId);
        assert.equal(z.omschrijving, 'Gezinsplan');
        assert.equal(z.versie, before.versie);
        assert.deepEqual((await rollen(zaakId)).map((x: { bsn: string }) => x.bsn), [ini]);
        assert.equal(await db()('zaak_zaak').where({ zaak_id: z.id }).first(), undefined);
        assert.equal(await db()('verwerkt_bericht').where({ referentienummer: ref }).first(), undefined);
      });
    });
  }

  it('concurrent updates with the same oud: exactly one wins, the others fault (no lost update)', async () => {
    const { zaakId } = await newZaak();
    const answers = await Promise.all([1, 2, 3, 4, 5].map((n) => send(kennisgeving('updateZaak', '1.2', 'W',
      zak(`${id(zaakId)}<ZKN:omschrijving>Gezinsplan</ZKN:omschrijving>`) + zak(`${id(zaakId)}<ZKN:omschrijving>Versie ${n}</ZKN:omschrijving>`)))));
    const won = answers.filter((a) => a.status === 200);
    assert.equal(won.length, 1, answers.map((a) => `${a.status} ${a.code ?? ''} ${a.details ?? ''}`).join('\n'));
    for (const a of answers.filter((x) => x.status !== 200)) assert.equal(a.code, 'StUF058');
    const z = await zaakRow(zaakId);
    assert.match(z.omschrijving, /^Versie \d$/);
  });

  it('kennisgevingen that arrive together: a failing one leaves no trace, the others are stored, a copy is applied once', async () => {
    const { zaakId: bestaand } = await newZaak();
    const nieuw = [1, 2, 3, 4, 5].map(() => uniqueId('0999G'));
    const dubbel = creeer(uniqueId('0999G'), bsn());
    const bestaat = creeer(bestaand, bsn(), { omschrijving: 'Overschreven' }); // existing identificatie: StUF058
    const halfId = uniqueId('0999G');
    const half = creeer(halfId, bsn(), { extraRelations: status(99, 'Onbekend', '20240320100000') }); // zaak stored, then StUF058
    const kapot = [bestaat, half];
    const msgs = [...nieuw.slice(0, 2).map((z) => creeer(z, bsn())), dubbel, bestaat, dubbel, half, ...nieuw.slice(2).map((z) => creeer(z, bsn()))];
    // Straight into the gateway core, so that all of them are queued before the first commit (over HTTP they
    // trickle in one by one): on SQLite they share one commit, each in its own savepoint.
    const answers = (await Promise.all(msgs.map((m) => srv.gateway.handle({ endpoint: {}, headers: { soapaction: m.action }, body: Buffer.from(m.xml) }))))
      .map((r) => ({ status: r.status, text: r.body, name: assertValidAnswer(srv, r.body, 'zds-1.2').name, code: faultCode(r.body), details: textOf(r.body, 'details') }));
    answers.forEach((a, i) => {
      if (kapot.includes(msgs[i])) assert.equal(a.code, 'StUF058', a.details);
      else assert.equal(a.status, 200, `${i}: ${a.code} ${a.details}`);
    });
    assert.equal(answers[2].text, answers[4].text, 'the copy gets the same Bv03');
    for (const z of nieuw) assert.ok(await zaakRow(z), z);
    assert.equal((await db()('verwerkt_bericht').where({ referentienummer: dubbel.ref })).length, 1);
    assert.equal((await zaakRow(bestaand)).omschrijving, 'Gezinsplan');
    assert.equal(await zaakRow(halfId), undefined);
    for (const k of kapot) assert.equal(await db()('verwerkt_bericht').where({ referentienummer: k.ref }).first(), undefined);
  });

  it('ZDS 1.1 updateZaak with only the nieuw object (as Open Forms sends it) is applied without comparison', async () => {
    const { zaakId } = await newZaak();
    await ok(kennisgeving('updateZaak', '1.1', 'W', zak(`${id(zaakId)}<ZKN:betalingsIndicatie>Geheel</ZKN:betalingsIndicatie><ZKN:laatsteBetaaldatum>20260504</ZKN:laatsteBetaaldatum>` +
      `<StUF:extraElementen><StUF:extraElement naam="language_code">en</StUF:extraElement></StUF:extraElementen>`)), '1.1');
    const z = await zaakRow(zaakId);
    assert.equal(attr(z, 'betalingsIndicatie')[0].text, 'Geheel');
    assert.equal(z.omschrijving, 'Gezinsplan');
  });

  it('updateZaak with verwerkingssoort T on the objects, or entiteittype other than ZAK, is a fault', async () => {
    const { zaakId } = await newZaak();
    await fault(kennisgeving('updateZaak', '1.1', 'W', zak(id(zaakId), 'T') + zak(`${id(zaakId)}<ZKN:omschrijving>x</ZKN:omschrijving>`, 'T')), 'StUF058', '1.1', /verwerkingssoort/);
    await fault(kennisgeving('updateZaak', '1.1', 'T', zak(id(zaakId)) + zak(`${id(zaakId)}<ZKN:omschrijving>x</ZKN:omschrijving>`)), 'StUF058', '1.1', /mutatiesoort/);
  });

  it('plain StUF-ZKN zakLk01: T creates, W updates (with a status), V deletes; unknown mutatiesoort and zaak are faults', async () => {
    const zaakId = uniqueId('0999P');
    const ini = bsn();
    const plain = (ms: string, objects: string) => kennisgeving('zakLk01', '1.1', ms, objects);
    await ok(plain('T', zak(`${id(zaakId)}<ZKN:omschrijving>Plain</ZKN:omschrijving><ZKN:startdatum>20240311</ZKN:startdatum><ZKN:registratiedatum>20240311</ZKN:registratiedatum>` +
      `<ZKN:isVan StUF:entiteittype="ZAKZKT" StUF:verwerkingssoort="T"><ZKN:gerelateerde StUF:entiteittype="ZKT" StUF:verwerkingssoort="I"><ZKN:code>GZP</ZKN:code></ZKN:gerelateerde></ZKN:isVan>` +
      rel('heeftAlsInitiator', 'ZAKBTRINI', 'T', nps(ini, 'Jansen', 'T')), 'T')), 'stuf');
    assert.equal((await zaakRow(zaakId)).omschrijving, 'Plain');
    await ok(plain('W', zak(`${id(zaakId)}<ZKN:omschrijving>Plain</ZKN:omschrijving>${geenStatus}`) +
      zak(`${id(zaakId)}<ZKN:omschrijving>Plain gewijzigd</ZKN:omschrijving>${status(1, 'Aanvraag ontvangen', '20240320100000')}`)), 'stuf');
    const z = await zaakRow(zaakId);
    assert.equal(z.omschrijving, 'Plain gewijzigd');
    assert.equal((await db()('status').where({ zaak_id: z.id })).length, 1);
    // V with an outdated description is refused; with the current one the zaak and its relations go
    await fault(plain('V', zak(`${id(zaakId)}<ZKN:omschrijving>Plain</ZKN:omschrijving>`, 'V')), 'StUF058', 'stuf', /omschrijving/);
    await ok(plain('V', zak(`${id(zaakId)}<ZKN:omschrijving>Plain gewijzigd</ZKN:omschrijving>`, 'V')), 'stuf');
    assert.equal(await zaakRow(zaakId), undefined);
    assert.equal(await db()('betrokkene').where({ zaak_id: z.id }).first(), undefined);
    assert.equal(await db()('status').where({ zaak_id: z.id }).first(), undefined);
    await fault(plain('V', zak(id(zaakId), 'V')), 'StUF064', 'stuf');
    // an empty SOAPAction with a ZKN:zakLk01 root is the plain kennisgeving
    const m = plain('W', zak(id(zaakId)) + zak(id(zaakId)));
    const a = await post(url(), '', m.xml);
    assert.equal(faultCode(a.text), 'StUF064');
    assertValidAnswer(srv, a.text, 'zds-1.1');
  });
});

describe('koppeling: deelplanViaCreeerZaak false', () => {
  let srv: RunningServer;
  before(async () => {
    srv = await startTestServer({}, { koppeling: { ...DEFAULTS.koppeling, gezinsplanZaaktypen: ['GZP'], deelplanZaaktypen: ['DP-WMO'], deelplanViaCreeerZaak: false } });
  });
  after(async () => srv.close());

  it('a creeerZaak that links a deelplan to a gezinsplan is refused and stores nothing; updateZaak on the gezinsplan links it', async () => {
    const post12 = (m: Msg) => post(`${srv.url}/soap`, m.action, m.xml);
    const deel = uniqueId('0999K');
    assert.equal((await post12(creeer(deel, bsn(), { zaaktype: 'DP-WMO' }))).status, 200);
    const gezinsplan = uniqueId('0999K');
    const a = await post12(creeer(gezinsplan, bsn(), { extraRelations: rel('heeftAlsDeelzaak', 'ZAKZAKDEL', 'T', zaakRef(deel)) }));
    assert.equal(a.status, 500);
    assert.equal(faultCode(a.text), 'StUF058');
    assert.match(textOf(a.text, 'details') ?? '', /updateZaak/);
    assert.equal(await srv.gateway.db('zaak').where({ identificatie: gezinsplan }).first(), undefined);
    assert.equal((await post12(creeer(gezinsplan, bsn()))).status, 200);
    const link = kennisgeving('updateZaak', '1.2', 'W',
      zak(`${id(gezinsplan)}<ZKN:omschrijving>Gezinsplan</ZKN:omschrijving>${rel('heeftAlsDeelzaak', 'ZAKZAKDEL', 'T')}`, 'I') +
      zak(`${id(gezinsplan)}<ZKN:omschrijving>Gezinsplan</ZKN:omschrijving>${rel('heeftAlsDeelzaak', 'ZAKZAKDEL', 'T', zaakRef(deel))}`, 'I'));
    const b = await post12(link);
    assert.equal(b.status, 200, b.text);
  });
});
