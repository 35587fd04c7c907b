// The gezinsplan/deelplan link (issue #5, guide §6.3) over HTTP, under the default strict validation:
// - a deelplan's creeerZaak that carries heeftAlsHoofdzaak naming its gezinsplan (not in the kennisgeving schema,
//   but real clients send it) is accepted with koppeling.deelplanViaCreeerZaak (default true), in ZDS 1.2, ZDS 1.1
//   and plain StUF-ZKN; the link shows both ways; any other schema error in that message is still StUF055; with the
//   setting off it is StUF058 and nothing is stored (src/xsd/hoofdzaakInCreeerZaak.ts);
// - cycles of deelzaken, a zaak as its own deelzaak and a deelplan under two gezinsplannen are refused with StUF058
//   and change nothing (src/domain/zaakLinks.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULTS } from '../src/config/index.ts';
import type { RunningServer } from '../src/http/server.ts';
import { A11 } from '../src/stuf/dialect.ts';
import { findZaak } from '../src/store/zaken.ts';
import { assertValidAnswer, faultCode, post, suiteGateway, textOf, uniqueId } from './helpers.ts';
import { fill, loadFlow, type FlowDialect, type FlowStep } from './koppeling/fixtures.ts';
import { messageVars, runVars, sendStep, type Vars } from './koppeling/stroom.ts';
import { creeer, id, kennisgeving, rel, zaakRef, zak, type Msg } from './messages.ts';

/** heeftAlsHoofdzaak as real clients put it in a deelplan's creeerZaak (after the betrokkenen, where queries have it). */
const HOOFDZAAK = '<ZKN:heeftAlsHoofdzaak StUF:entiteittype="ZAKZAKHFD" StUF:verwerkingssoort="T"><ZKN:gerelateerde StUF:entiteittype="ZAK" StUF:verwerkingssoort="I">' +
  '<ZKN:identificatie>{{gezinsplan}}</ZKN:identificatie></ZKN:gerelateerde></ZKN:heeftAlsHoofdzaak>';

const metHoofdzaak = (template: string, hoofdzaak = HOOFDZAAK) => {
  assert.equal(template.split('</ZKN:object>').length, 2, 'one ZAK object');
  return template.replace(/(\s*<\/ZKN:object>)/, `${hoofdzaak}$1`);
};

const gerelateerdeIn = (answer: string, relatie: string, ent: string) =>
  [...answer.matchAll(new RegExp(`<(?:\\w+:)?${relatie} StUF:entiteittype="${ent}">\\s*<(?:\\w+:)?gerelateerde StUF:entiteittype="ZAK">\\s*<(?:\\w+:)?identificatie>([^<]+)<`, 'g'))].map((m) => m[1]);
const deelzaakIn = (answer: string) => gerelateerdeIn(answer, 'heeftAlsDeelzaak', 'ZAKZAKDEL');
const hoofdzaakIn = (answer: string) => gerelateerdeIn(answer, 'heeftAlsHoofdzaak', 'ZAKZAKHFD');

/** The three ways to send a creeerZaak: ZDS 1.2, ZDS 1.1 (zakLk01 with SOAPAction creeerZaak_Lk01), plain StUF-ZKN zakLk01 T. */
const VORMEN = [
  { naam: 'ZDS 1.2 creeerZaak_ZakLk01', flow: 'zds-1.2' as FlowDialect, plain: false },
  { naam: 'ZDS 1.1 zakLk01 creeerZaak_Lk01', flow: 'zds-1.1' as FlowDialect, plain: false },
  { naam: 'StUF-ZKN zakLk01 T', flow: 'zds-1.1' as FlowDialect, plain: true },
];

function stappen(flow: FlowDialect, plain: boolean) {
  const steps = new Map(loadFlow(flow).map((s) => [s.id, s]));
  const step = (id: string): FlowStep => steps.get(id)!;
  const deelplan = (template: string): FlowStep => {
    const s = { ...step('creeer-deelplan'), template };
    return plain ? { ...s, path: '/stuf-zkn/3.10/OntvangAsynchroon', soapAction: `${A11}zakLk01` } : s;
  };
  return { step, deelplan };
}

/** Sends a step that must fail; its fault code and details. */
async function weigering(srv: RunningServer, step: FlowStep, vars: Vars): Promise<{ code?: string; details: string }> {
  const a = await post(`${srv.url}${step.path}`, step.soapAction, fill(step.template, { ...vars, ...messageVars(step.zender) }));
  assert.equal(a.status, 500, a.text);
  assertValidAnswer(srv, a.text, step.bundle);
  return { code: faultCode(a.text), details: textOf(a.text, 'details') ?? '' };
}

describe('a deelplan creeerZaak that carries heeftAlsHoofdzaak (koppeling.deelplanViaCreeerZaak, strict validation)', () => {
  const aan = suiteGateway();
  const uit = suiteGateway({}, { koppeling: { ...DEFAULTS.koppeling, deelplanViaCreeerZaak: false } });

  it('the gateways under test validate strictly', () => {
    assert.equal(aan.srv.gateway.config.validation, 'strict');
    assert.equal(aan.srv.gateway.config.koppeling.deelplanViaCreeerZaak, true, 'the default');
    assert.equal(uit.srv.gateway.config.validation, 'strict');
  });

  for (const vorm of VORMEN) {
    const { step, deelplan } = stappen(vorm.flow, vorm.plain);
    const gezinsplan = async (srv: RunningServer) => {
      const vars = { ...runVars(), gezinsplan: uniqueId('0999G'), deelplan: uniqueId('0999D') };
      await sendStep(srv, step('creeer-gezinsplan'), vars);
      return vars;
    };

    it(`${vorm.naam}: accepted; the gezinsplan answers heeftAlsDeelzaak, the deelplan heeftAlsHoofdzaak`, async () => {
      const { srv } = aan;
      const vars = await gezinsplan(srv);
      await sendStep(srv, deelplan(metHoofdzaak(step('creeer-deelplan').template)), vars);
      assert.deepEqual(deelzaakIn(await sendStep(srv, step('details-gezinsplan'), vars)), [vars.deelplan]);
      assert.deepEqual(hoofdzaakIn(await sendStep(srv, step('details-deelplan'), vars)), [vars.gezinsplan]);
    });

    it(`${vorm.naam}: any other schema error in that message is still StUF055, and nothing is stored`, async () => {
      const { srv } = aan;
      const vars = await gezinsplan(srv);
      const template = metHoofdzaak(step('creeer-deelplan').template);
      const fouten: [string, string, RegExp][] = [
        ['an unknown element', template.replace('<ZKN:startdatum>', '<ZKN:onbekendVeld>x</ZKN:onbekendVeld><ZKN:startdatum>'), /onbekendVeld/],
        ['an invalid value', template.replace('<ZKN:zaakniveau>2</ZKN:zaakniveau>', '<ZKN:zaakniveau>twee</ZKN:zaakniveau>'), /zaakniveau/],
        ['elements out of order', template.replace(/(<ZKN:startdatum>[^<]*<\/ZKN:startdatum>)(\s*)(<ZKN:registratiedatum>[^<]*<\/ZKN:registratiedatum>)/, '$3$2$1'), /registratiedatum|startdatum/],
        ['a heeftAlsHoofdzaak without a gerelateerde', metHoofdzaak(step('creeer-deelplan').template, '<ZKN:heeftAlsHoofdzaak StUF:entiteittype="ZAKZAKHFD" StUF:verwerkingssoort="T"/>'), /heeftAlsHoofdzaak/],
      ];
      for (const [wat, xml, details] of fouten) {
        assert.notEqual(xml, template, wat);
        const f = await weigering(srv, deelplan(xml), vars);
        assert.equal(f.code, 'StUF055', `${wat}: ${f.details}`);
        assert.match(f.details, details, wat);
        assert.equal(await findZaak(srv.gateway.db, vars.deelplan, ''), undefined, `${wat}: nothing stored`);
      }
      // the same message without the error goes through
      await sendStep(srv, deelplan(template), vars);
      assert.deepEqual(hoofdzaakIn(await sendStep(srv, step('details-deelplan'), vars)), [vars.gezinsplan]);
    });

    it(`${vorm.naam}: with deelplanViaCreeerZaak false it is StUF058 and nothing is stored (a schema error elsewhere stays StUF055)`, async () => {
      const { srv } = uit;
      const vars = await gezinsplan(srv);
      const template = metHoofdzaak(step('creeer-deelplan').template);
      const f = await weigering(srv, deelplan(template), vars);
      assert.equal(f.code, 'StUF058', f.details);
      assert.match(f.details, /deelplanViaCreeerZaak.*updateZaak/);
      assert.equal(await findZaak(srv.gateway.db, vars.deelplan, ''), undefined, 'nothing stored');
      const g = await findZaak(srv.gateway.db, vars.gezinsplan, '');
      assert.equal((await srv.gateway.db('zaak_zaak').where({ zaak_id: g!.id }).orWhere({ andere_zaak_id: g!.id })).length, 0, 'no link');
      const schema = await weigering(srv, deelplan(template.replace('<ZKN:startdatum>', '<ZKN:onbekendVeld>x</ZKN:onbekendVeld><ZKN:startdatum>')), vars);
      assert.equal(schema.code, 'StUF055', schema.details);
      // without heeftAlsHoofdzaak the deelplan is created, and linked the standard way (updateZaak on the gezinsplan)
      await sendStep(srv, deelplan(step('creeer-deelplan').template), vars);
      await sendStep(srv, step('koppel-deelplan'), vars);
      assert.deepEqual(hoofdzaakIn(await sendStep(srv, step('details-deelplan'), vars)), [vars.gezinsplan]);
    });
  }
});

describe('refused zaak-zaak links: cycles, a zaak as its own deelzaak, a deelplan under two gezinsplannen', () => {
  const g = suiteGateway();
  const db = () => g.srv.gateway.db;
  const bsn = () => String(100000000 + Math.floor(Math.random() * 899999999)).slice(0, 9);

  async function send(m: Msg) {
    const a = await post(`${g.srv.url}/soap`, m.action, m.xml);
    assertValidAnswer(g.srv, a.text, 'zds-1.2');
    return { status: a.status, code: faultCode(a.text), details: textOf(a.text, 'details') ?? '' };
  }
  async function ok(m: Msg) {
    const a = await send(m);
    assert.equal(a.status, 200, `${a.code}: ${a.details}`);
  }
  async function nieuw(zaaktype: string, omschrijving: string) {
    const zaakId = uniqueId('0999L');
    await ok(creeer(zaakId, bsn(), { zaaktype, omschrijving }));
    return zaakId;
  }
  /** updateZaak on `hoofd`: adds `deel` as deelzaak and changes the omschrijving in the same message. */
  const koppel = (hoofd: string, deel: string, omschrijving: string) => kennisgeving('updateZaak', '1.2', 'W',
    zak(`${id(hoofd)}<ZKN:omschrijving>${omschrijving}</ZKN:omschrijving>${rel('heeftAlsDeelzaak', 'ZAKZAKDEL', 'T')}`) +
    zak(`${id(hoofd)}<ZKN:omschrijving>${omschrijving} (gekoppeld)</ZKN:omschrijving>${rel('heeftAlsDeelzaak', 'ZAKZAKDEL', 'T', zaakRef(deel))}`));

  /** Everything a refused link could have touched: the zaken (omschrijving, versie) and every zaak-zaak link. */
  async function stand(...zaken: string[]) {
    const rows = await db()('zaak').whereIn('identificatie', zaken).orderBy('identificatie').select('identificatie', 'omschrijving', 'versie');
    const links = await db()('zaak_zaak').orderBy(['zaak_id', 'andere_zaak_id', 'soort']).select('zaak_id', 'andere_zaak_id', 'soort');
    const kennisgevingen = await db()('outbox').count({ n: '*' }).first();
    return { rows, links, kennisgevingen };
  }

  async function geweigerd(m: Msg, details: RegExp, ...zaken: string[]) {
    const voor = await stand(...zaken);
    const a = await send(m);
    assert.equal(a.status, 500);
    assert.equal(a.code, 'StUF058', a.details);
    assert.match(a.details, details);
    assert.deepEqual(await stand(...zaken), voor, 'nothing changed');
  }

  it('A deelzaak of B, then B deelzaak of A: refused (a cycle), nothing changes', async () => {
    const a = await nieuw('ALG', 'Zaak A');
    const b = await nieuw('ALG', 'Zaak B');
    await ok(koppel(b, a, 'Zaak B'));
    await geweigerd(koppel(a, b, 'Zaak A'), /kring van deelzaken/, a, b);
  });

  it('a longer cycle (A under B under C, then C under A) is refused too', async () => {
    const [a, b, c] = [await nieuw('ALG', 'Zaak A'), await nieuw('ALG', 'Zaak B'), await nieuw('ALG', 'Zaak C')];
    await ok(koppel(b, a, 'Zaak B'));
    await ok(koppel(c, b, 'Zaak C'));
    await geweigerd(koppel(a, c, 'Zaak A'), /kring van deelzaken/, a, b, c);
  });

  it('a zaak as its own deelzaak: refused, nothing changes', async () => {
    const a = await nieuw('ALG', 'Zaak A');
    await geweigerd(koppel(a, a, 'Zaak A'), /eigen deelzaak/, a);
  });

  it('a creeerZaak whose new zaak would be both hoofdzaak and deelzaak of the same zaak: refused, the zaak is not created', async () => {
    const a = await nieuw('ALG', 'Zaak A');
    const c = uniqueId('0999L');
    const m = creeer(c, bsn(), { zaaktype: 'ALG', omschrijving: 'Zaak C',
      extraRelations: rel('heeftAlsDeelzaak', 'ZAKZAKDEL', 'T', zaakRef(a)) + rel('heeftAlsHoofdzaak', 'ZAKZAKHFD', 'T', zaakRef(a)) });
    await geweigerd(m, /kring van deelzaken/, a, c);
    assert.equal(await findZaak(db(), c, ''), undefined);
  });

  it('a deelplan under a second gezinsplan: refused (updateZaak and creeerZaak), nothing changes', async () => {
    const g1 = await nieuw('GZP', 'Gezinsplan 1');
    const g2 = await nieuw('GZP', 'Gezinsplan 2');
    const d = await nieuw('DP-WMO', 'Deelplan Wmo');
    await ok(koppel(g1, d, 'Gezinsplan 1'));
    await geweigerd(koppel(g2, d, 'Gezinsplan 2'), /al deelzaak van een andere hoofdzaak/, g1, g2, d);
    // a new deelplan that names both gezinsplannen as hoofdzaak
    const d2 = uniqueId('0999L');
    const m = creeer(d2, bsn(), { zaaktype: 'DP-WMO', omschrijving: 'Deelplan Wmo 2',
      extraRelations: rel('heeftAlsHoofdzaak', 'ZAKZAKHFD', 'T', zaakRef(g1)) + rel('heeftAlsHoofdzaak', 'ZAKZAKHFD', 'T', zaakRef(g2)) });
    await geweigerd(m, /al deelzaak van een andere hoofdzaak/, g1, g2, d, d2);
    assert.equal(await findZaak(db(), d2, ''), undefined);
  });
});
