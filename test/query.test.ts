// The query services over real HTTP: geefZaakdetails / geefZaakstatus / geefLijstZaakdocumenten in ZDS 1.1
// and 1.2, the plain StUF-ZKN zakLv01 (BSN, zaaktype, open, paging, sortering). Every answer is validated
// against the official XSD of its dialect. Runs on SQLite and PostgreSQL (unique ids, no wiping).
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { A11, A12 } from '../src/stuf/dialect.ts';
import type { RunningServer } from '../src/http/server.ts';
import { assertValidAnswer, envelope, faultCode, post, startTestServer, textOf, uniqueId, XMLNS } from './helpers.ts';

/** A BSN that passes no check but is unique enough per test (9 digits, not starting with 0). */
const uniqueBsn = () => String(randomInt(100_000_000, 999_999_999));

interface StatusDef { volgnummer: number; omschrijving: string; datum: string; toelichting?: string }
interface ZaakDef {
  zaaktype?: string;
  omschrijving?: string;
  startdatum?: string;
  einddatum?: string;
  initiatorBsn?: string;
  objectBsn?: string;
  attrs?: string; // extra attribute XML placed after omschrijving (toelichting, ...)
  deelzaak?: string;
  statussen?: StatusDef[];
}

const sg = (code: string, ent = 'ZAK') => `<StUF:berichtcode>${code}</StUF:berichtcode>
  <StUF:zender><StUF:organisatie>0999</StUF:organisatie><StUF:applicatie>WMO</StUF:applicatie></StUF:zender>
  <StUF:ontvanger><StUF:organisatie>0999</StUF:organisatie><StUF:applicatie>ZKM</StUF:applicatie></StUF:ontvanger>
  <StUF:referentienummer>${uniqueId('R')}</StUF:referentienummer><StUF:tijdstipBericht>20240311093015123</StUF:tijdstipBericht>
  <StUF:entiteittype>${ent}</StUF:entiteittype>`;

function creeerZaak(id: string, z: ZaakDef): string {
  const status = (s: StatusDef) => `<ZKN:heeft StUF:entiteittype="ZAKSTT" StUF:verwerkingssoort="T">
      <ZKN:gerelateerde StUF:entiteittype="STT" StUF:verwerkingssoort="I"><ZKN:volgnummer>${s.volgnummer}</ZKN:volgnummer><ZKN:omschrijving>${s.omschrijving}</ZKN:omschrijving></ZKN:gerelateerde>
      ${s.toelichting ? `<ZKN:toelichting>${s.toelichting}</ZKN:toelichting>` : ''}<ZKN:datumStatusGezet>${s.datum}</ZKN:datumStatusGezet>
      <ZKN:isGezetDoor StUF:entiteittype="ZAKSTTBTR" StUF:verwerkingssoort="T"><ZKN:gerelateerde>
        <ZKN:medewerker StUF:entiteittype="MDW" StUF:verwerkingssoort="I"><ZKN:identificatie>wmo-jdevries</ZKN:identificatie></ZKN:medewerker>
      </ZKN:gerelateerde></ZKN:isGezetDoor></ZKN:heeft>`;
  return envelope(`<ZDS:creeerZaak_ZakLk01 ${XMLNS}><ZKN:stuurgegevens>${sg('Lk01')}</ZKN:stuurgegevens>
  <ZKN:parameters><StUF:mutatiesoort>T</StUF:mutatiesoort><StUF:indicatorOvername>V</StUF:indicatorOvername></ZKN:parameters>
  <ZKN:object StUF:entiteittype="ZAK" StUF:verwerkingssoort="T">
    <ZKN:identificatie>${id}</ZKN:identificatie><ZKN:omschrijving>${z.omschrijving ?? 'Gezinsplan'}</ZKN:omschrijving>${z.attrs ?? ''}
    <ZKN:startdatum>${z.startdatum ?? '20240311'}</ZKN:startdatum><ZKN:registratiedatum>20240311</ZKN:registratiedatum>
    ${z.einddatum ? `<ZKN:einddatum>${z.einddatum}</ZKN:einddatum>` : ''}
    <ZKN:zaakniveau>1</ZKN:zaakniveau><ZKN:deelzakenIndicatie>J</ZKN:deelzakenIndicatie>
    <ZKN:isVan StUF:entiteittype="ZAKZKT" StUF:verwerkingssoort="T"><ZKN:gerelateerde StUF:entiteittype="ZKT" StUF:verwerkingssoort="I">
      <ZKN:code>${z.zaaktype ?? 'GZP'}</ZKN:code></ZKN:gerelateerde></ZKN:isVan>
    ${z.objectBsn ? `<ZKN:heeftBetrekkingOp StUF:entiteittype="ZAKOBJ" StUF:verwerkingssoort="T"><ZKN:gerelateerde>
      <ZKN:natuurlijkPersoon StUF:entiteittype="NPS" StUF:verwerkingssoort="T"><BG:inp.bsn>${z.objectBsn}</BG:inp.bsn></ZKN:natuurlijkPersoon>
    </ZKN:gerelateerde><ZKN:omschrijving>Gezinslid (kind)</ZKN:omschrijving></ZKN:heeftBetrekkingOp>` : ''}
    <ZKN:heeftAlsInitiator StUF:entiteittype="ZAKBTRINI" StUF:verwerkingssoort="T"><ZKN:gerelateerde>
      <ZKN:natuurlijkPersoon StUF:entiteittype="NPS" StUF:verwerkingssoort="T"><BG:inp.bsn>${z.initiatorBsn ?? '999999990'}</BG:inp.bsn><BG:geslachtsnaam>Jansen</BG:geslachtsnaam></ZKN:natuurlijkPersoon>
    </ZKN:gerelateerde></ZKN:heeftAlsInitiator>
    ${z.deelzaak ? `<ZKN:heeftAlsDeelzaak StUF:entiteittype="ZAKZAKDEL" StUF:verwerkingssoort="T"><ZKN:gerelateerde StUF:entiteittype="ZAK" StUF:verwerkingssoort="I">
      <ZKN:identificatie>${z.deelzaak}</ZKN:identificatie></ZKN:gerelateerde></ZKN:heeftAlsDeelzaak>` : ''}
    ${(z.statussen ?? []).map(status).join('')}
  </ZKN:object></ZDS:creeerZaak_ZakLk01>`);
}

const params = (p: { sortering?: number; vervolg?: boolean; max?: number } = {}) =>
  `<ZKN:parameters><StUF:sortering>${p.sortering ?? 0}</StUF:sortering><StUF:indicatorVervolgvraag>${p.vervolg ? 'true' : 'false'}</StUF:indicatorVervolgvraag>` +
  `${p.max ? `<StUF:maximumAantal>${p.max}</StUF:maximumAantal>` : ''}</ZKN:parameters>`;

const scopeObj = (inner: string, attr = '') => `<ZKN:scope><ZKN:object StUF:entiteittype="ZAK"${attr}>${inner}</ZKN:object></ZKN:scope>`;

function geefZaakdetails12(id: string, scope: string): string {
  return envelope(`<ZDS:geefZaakdetails_ZakLv01 ${XMLNS}><ZKN:stuurgegevens>${sg('Lv01')}</ZKN:stuurgegevens>${params()}
    <ZKN:gelijk StUF:entiteittype="ZAK"><ZKN:identificatie>${id}</ZKN:identificatie></ZKN:gelijk>${scope}</ZDS:geefZaakdetails_ZakLv01>`);
}

function zakLv01(body: string, p: Parameters<typeof params>[0] = {}, start?: string): string {
  return envelope(`<ZKN:zakLv01 ${XMLNS}><ZKN:stuurgegevens>${sg('Lv01')}</ZKN:stuurgegevens>${params(p)}${body}` +
    `${start ? `<ZKN:start><ZKN:object StUF:entiteittype="ZAK"><ZKN:identificatie>${start}</ZKN:identificatie></ZKN:object></ZKN:start>` : ''}</ZKN:zakLv01>`);
}
const gelijk = (inner: string) => `<ZKN:gelijk StUF:entiteittype="ZAK">${inner}</ZKN:gelijk>`;
const byId = (id: string) => gelijk(`<ZKN:identificatie>${id}</ZKN:identificatie>`);

function geefZaakstatus12(id: string, laatste: boolean): string {
  return envelope(`<ZDS:geefZaakstatus_ZakLv01 ${XMLNS}><ZKN:stuurgegevens>${sg('Lv01')}</ZKN:stuurgegevens>${params()}
    <ZKN:gelijk StUF:entiteittype="ZAK"><ZKN:identificatie>${id}</ZKN:identificatie>
      <ZKN:heeft StUF:entiteittype="ZAKSTT"><ZKN:indicatieLaatsteStatus${laatste ? '>J</ZKN:indicatieLaatsteStatus>' : ' xsi:nil="true"/>'}</ZKN:heeft></ZKN:gelijk>
    <ZKN:scope><ZKN:object StUF:entiteittype="ZAK"><ZKN:identificatie xsi:nil="true"/>
      <ZKN:heeft StUF:entiteittype="ZAKSTT"><ZKN:gerelateerde StUF:entiteittype="STT"><ZKN:volgnummer xsi:nil="true"/><ZKN:omschrijving xsi:nil="true"/></ZKN:gerelateerde>
        <ZKN:datumStatusGezet xsi:nil="true"/><ZKN:indicatieLaatsteStatus xsi:nil="true"/></ZKN:heeft>
    </ZKN:object></ZKN:scope></ZDS:geefZaakstatus_ZakLv01>`);
}

/** identificaties of the answer objects, in order */
const ids = (xml: string) => [...xml.matchAll(/<ZKN:object StUF:entiteittype="ZAK"[^>]*><ZKN:identificatie>([^<]+)</g)].map((m) => m[1]);
const count = (xml: string, re: RegExp) => (xml.match(new RegExp(re, 'g')) ?? []).length;

describe('query services', () => {
  let srv: RunningServer;
  let url: string;
  before(async () => {
    srv = await startTestServer();
    url = `${srv.url}/soap`;
  });
  after(async () => srv.close());

  async function create(z: ZaakDef = {}, id = uniqueId()): Promise<string> {
    const r = await post(url, `${A12}creeerZaak_ZakLk01`, creeerZaak(id, z));
    assert.equal(r.status, 200, r.text);
    return id;
  }
  async function ask12(action: string, xml: string): Promise<string> {
    const r = await post(url, `${A12}${action}`, xml);
    assert.equal(r.status, 200, r.text);
    assertValidAnswer(srv, r.text, 'zds-1.2');
    return r.text;
  }
  async function ask11(action: string, xml: string): Promise<string> {
    const r = await post(url, action ? `${A11}${action}` : '', xml);
    assert.equal(r.status, 200, r.text);
    assertValidAnswer(srv, r.text, 'zds-1.1');
    return r.text;
  }

  it('geefZaakdetails 1.2 with a scope subset answers only what was asked, nil for asked-but-absent', async () => {
    const id = await create({ omschrijving: 'Subset' });
    const a = await ask12('geefZaakdetails_ZakLv01', geefZaakdetails12(id, scopeObj(
      '<ZKN:identificatie xsi:nil="true"/><ZKN:omschrijving xsi:nil="true"/><ZKN:startdatum xsi:nil="true"/><ZKN:einddatumGepland xsi:nil="true"/>')));
    assert.match(a, /geefZaakdetails_ZakLa01/);
    assert.equal(textOf(a, 'omschrijving'), 'Subset');
    assert.equal(textOf(a, 'startdatum'), '20240311');
    assert.match(a, /<ZKN:einddatumGepland StUF:noValue="geenWaarde" xsi:nil="true"\/>/);
    assert.doesNotMatch(a, /registratiedatum|heeftAlsInitiator|isVan|verwerkingssoort/);
    assert.equal(textOf(a, 'indicatorVervolgvraag'), 'false');
  });

  it('geefZaakdetails 1.2 with StUF:scope="alles" answers attributes, isVan from the catalogue, roles, statussen', async () => {
    const deel = await create({ zaaktype: 'DP-WMO', omschrijving: 'Deelplan' });
    const id = await create({ deelzaak: deel, statussen: [{ volgnummer: 1, omschrijving: 'Aanvraag ontvangen', datum: '20240311100000' }] });
    const a = await ask12('geefZaakdetails_ZakLv01', geefZaakdetails12(id, scopeObj('', ' StUF:scope="alles"')));
    assert.match(a, /<ZKN:isVan StUF:entiteittype="ZAKZKT"><ZKN:gerelateerde StUF:entiteittype="ZKT"><ZKN:omschrijving>Gezinsplan<\/ZKN:omschrijving><ZKN:code>GZP<\/ZKN:code>/);
    assert.match(a, /<BG:inp.bsn>999999990<\/BG:inp.bsn>/);
    assert.match(a, /<ZKN:heeftAlsDeelzaak StUF:entiteittype="ZAKZAKDEL"><ZKN:gerelateerde StUF:entiteittype="ZAK"><ZKN:identificatie>[^<]+<\/ZKN:identificatie><ZKN:omschrijving>Deelplan/);
    assert.match(a, /<ZKN:indicatieLaatsteStatus>J</);
    assert.match(a, /<ZKN:registratiedatum>20240311</);
    assert.doesNotMatch(a, /verwerkingssoort/);
  });

  it('nested relation scope: initiator/natuurlijkPersoon/inp.bsn, deelzaak/gerelateerde/identificatie, heeft/gerelateerde/omschrijving', async () => {
    const deel = await create({ zaaktype: 'DP-WMO', omschrijving: 'Deelplan nested' });
    const id = await create({ deelzaak: deel, statussen: [{ volgnummer: 2, omschrijving: 'Plan in opstelling', datum: '20240312' }] });
    const scope = scopeObj(`<ZKN:identificatie xsi:nil="true"/>
      <ZKN:heeftAlsInitiator StUF:entiteittype="ZAKBTRINI"><ZKN:gerelateerde><ZKN:natuurlijkPersoon StUF:entiteittype="NPS"><BG:inp.bsn xsi:nil="true"/></ZKN:natuurlijkPersoon></ZKN:gerelateerde>
        <ZKN:toelichting xsi:nil="true"/></ZKN:heeftAlsInitiator>
      <ZKN:heeftAlsDeelzaak StUF:entiteittype="ZAKZAKDEL"><ZKN:gerelateerde StUF:entiteittype="ZAK"><ZKN:identificatie xsi:nil="true"/></ZKN:gerelateerde></ZKN:heeftAlsDeelzaak>
      <ZKN:heeft StUF:entiteittype="ZAKSTT"><ZKN:gerelateerde StUF:entiteittype="STT"><ZKN:omschrijving xsi:nil="true"/></ZKN:gerelateerde></ZKN:heeft>`);
    for (const [ask, xml] of [
      [(x: string) => ask12('geefZaakdetails_ZakLv01', x), geefZaakdetails12(id, scope)],
      [(x: string) => ask11('geefZaakdetails_Lv01', x), zakLv01(byId(id) + scope)],
    ] as const) {
      const a = await ask(xml);
      assert.match(a, /<ZKN:natuurlijkPersoon StUF:entiteittype="NPS"><BG:inp.bsn>999999990<\/BG:inp.bsn><BG:authentiek StUF:metagegeven="true">N<\/BG:authentiek><\/ZKN:natuurlijkPersoon>/);
      assert.doesNotMatch(a, /geslachtsnaam/);
      assert.match(a, /<\/ZKN:gerelateerde><ZKN:toelichting StUF:noValue="geenWaarde" xsi:nil="true"\/><\/ZKN:heeftAlsInitiator>/);
      assert.match(a, new RegExp(`<ZKN:heeftAlsDeelzaak StUF:entiteittype="ZAKZAKDEL"><ZKN:gerelateerde StUF:entiteittype="ZAK"><ZKN:identificatie>${deel}</ZKN:identificatie></ZKN:gerelateerde></ZKN:heeftAlsDeelzaak>`));
      assert.match(a, /<ZKN:heeft StUF:entiteittype="ZAKSTT"><ZKN:gerelateerde StUF:entiteittype="STT"><ZKN:omschrijving>Plan in opstelling<\/ZKN:omschrijving><\/ZKN:gerelateerde><\/ZKN:heeft>/);
    }
  });

  it('round-trips elements the client sent with xsi:nil/noValue, and nils unasked-for relations only when asked', async () => {
    const id = await create({ attrs: '<ZKN:toelichting StUF:noValue="geenWaarde" xsi:nil="true"/>' });
    const a = await ask11('geefZaakdetails_Lv01', zakLv01(byId(id) + scopeObj(
      '<ZKN:identificatie xsi:nil="true"/><ZKN:toelichting xsi:nil="true"/><ZKN:heeftAlsBelanghebbende StUF:entiteittype="ZAKBTRBLH"><ZKN:gerelateerde/></ZKN:heeftAlsBelanghebbende><ZKN:heeftRelevant StUF:entiteittype="ZAKEDC"><ZKN:gerelateerde StUF:entiteittype="EDC"><ZKN:identificatie xsi:nil="true"/></ZKN:gerelateerde></ZKN:heeftRelevant>')));
    assert.match(a, /<ZKN:toelichting StUF:noValue="geenWaarde" xsi:nil="true"\/>/);
    assert.match(a, /<ZKN:heeftAlsBelanghebbende StUF:entiteittype="ZAKBTRBLH" StUF:noValue="geenWaarde" xsi:nil="true"\/>/);
    assert.match(a, /<ZKN:heeftRelevant StUF:entiteittype="ZAKEDC" StUF:noValue="geenWaarde" xsi:nil="true"\/>/);
    assert.match(a, /<ZKN:zakLa01/);
  });

  it('unknown zaak: La01 without antwoord (1.1 and 1.2), no fault', async () => {
    const id = uniqueId('0999NONE');
    const a = await ask11('geefZaakdetails_Lv01', zakLv01(byId(id) + scopeObj('<ZKN:identificatie xsi:nil="true"/>')));
    assert.doesNotMatch(a, /antwoord/);
    assert.equal(textOf(a, 'indicatorVervolgvraag'), 'false');
    const b = await ask12('geefZaakdetails_ZakLv01', geefZaakdetails12(id, scopeObj('', ' StUF:scope="alles"')));
    assert.doesNotMatch(b, /antwoord/);
    const c = await ask12('geefZaakstatus_ZakLv01', geefZaakstatus12(id, true));
    assert.doesNotMatch(c, /antwoord/);
  });

  it('zakLv01 selects on the initiator BSN (11+BSN and bare BSN) and on a zaakobject person', async () => {
    const bsn = uniqueBsn();
    const kind = uniqueBsn();
    const z1 = await create({ initiatorBsn: bsn, startdatum: '20240101' });
    const z2 = await create({ initiatorBsn: bsn, objectBsn: kind, startdatum: '20240202' });
    await create({ initiatorBsn: uniqueBsn(), objectBsn: uniqueBsn() });
    const scope = scopeObj('<ZKN:identificatie xsi:nil="true"/><ZKN:omschrijving xsi:nil="true"/><ZKN:startdatum xsi:nil="true"/>');
    const ini = (idf: string) => gelijk(`<ZKN:heeftAlsInitiator StUF:entiteittype="ZAKBTRINI"><ZKN:gerelateerde StUF:entiteittype="BTR"><ZKN:identificatie>${idf}</ZKN:identificatie></ZKN:gerelateerde></ZKN:heeftAlsInitiator>`);
    const a = await ask11('zakLv01', zakLv01(ini(`11${bsn}`) + scope, { sortering: 5 }));
    assert.deepEqual(ids(a), [z2, z1]);
    const b = await ask11('zakLv01', zakLv01(ini(bsn) + scope, { sortering: 1 }));
    assert.deepEqual(ids(b), [z1, z2].sort());
    const obj = gelijk(`<ZKN:heeftBetrekkingOp StUF:entiteittype="ZAKOBJ"><ZKN:gerelateerde StUF:entiteittype="OBJ"><ZKN:identificatie>${kind}</ZKN:identificatie><ZKN:typering>NPS</ZKN:typering></ZKN:gerelateerde></ZKN:heeftBetrekkingOp>`);
    const c = await ask11('zakLv01', zakLv01(obj + scope));
    assert.deepEqual(ids(c), [z2]);
    // empty SOAPAction: the plain zakLv01 by its root
    const d = await ask11('', zakLv01(ini(`11${bsn}`) + scope));
    assert.equal(ids(d).length, 2);
  });

  it('zakLv01 filters on zaaktype and open/closed (einddatum nil geenWaarde / a value)', async () => {
    const bsn = uniqueBsn();
    const open = await create({ initiatorBsn: bsn, zaaktype: 'GZP' });
    const closed = await create({ initiatorBsn: bsn, zaaktype: 'GZP', einddatum: '20240401' });
    await create({ initiatorBsn: bsn, zaaktype: 'DP-WMO' });
    const ini = `<ZKN:heeftAlsInitiator StUF:entiteittype="ZAKBTRINI"><ZKN:gerelateerde StUF:entiteittype="BTR"><ZKN:identificatie>11${bsn}</ZKN:identificatie></ZKN:gerelateerde></ZKN:heeftAlsInitiator>`;
    const isVan = '<ZKN:isVan StUF:entiteittype="ZAKZKT"><ZKN:gerelateerde StUF:entiteittype="ZKT"><ZKN:code>GZP</ZKN:code></ZKN:gerelateerde></ZKN:isVan>';
    const scope = scopeObj('<ZKN:identificatie xsi:nil="true"/><ZKN:einddatum xsi:nil="true"/>');
    const a = await ask11('zakLv01', zakLv01(gelijk(`<ZKN:einddatum xsi:nil="true" StUF:noValue="geenWaarde"/>${isVan}${ini}`) + scope));
    assert.deepEqual(ids(a), [open]);
    assert.match(a, /<ZKN:einddatum StUF:noValue="geenWaarde" xsi:nil="true"\/>/);
    const b = await ask11('zakLv01', zakLv01(gelijk(`<ZKN:einddatum>20240401</ZKN:einddatum>${isVan}${ini}`) + scope));
    assert.deepEqual(ids(b), [closed]);
    const c = await ask11('zakLv01', zakLv01(gelijk(`${isVan}${ini}`) + scope, { sortering: 1 }));
    assert.deepEqual(ids(c), [open, closed].sort());
  });

  it('zakLv01 pages with maximumAantal, indicatorVervolgvraag, StUF0002 and start', async () => {
    const bsn = uniqueBsn();
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push(await create({ initiatorBsn: bsn, startdatum: `2024010${i + 1}`, omschrijving: `Plan ${i}` }));
    const q = gelijk(`<ZKN:heeftAlsInitiator StUF:entiteittype="ZAKBTRINI"><ZKN:gerelateerde StUF:entiteittype="BTR"><ZKN:identificatie>11${bsn}</ZKN:identificatie></ZKN:gerelateerde></ZKN:heeftAlsInitiator>`)
      + scopeObj('<ZKN:identificatie xsi:nil="true"/><ZKN:startdatum xsi:nil="true"/>');
    const expected = [...made].reverse(); // sortering 5: startdatum descending
    const seen: string[] = [];
    let start: string | undefined;
    for (let page = 0; page < 3; page++) {
      const a = await ask11('zakLv01', zakLv01(q, { sortering: 5, max: 2, vervolg: !!start }, start));
      const got = ids(a);
      seen.push(...got);
      const more = page < 2;
      assert.equal(textOf(a, 'indicatorVervolgvraag'), String(more));
      assert.equal(count(a, /StUF0002/), more ? 1 : 0);
      start = got.at(-1);
    }
    assert.deepEqual(seen, expected);
    // sortering 4: omschrijving
    const b = await ask11('zakLv01', zakLv01(q, { sortering: 4 }));
    assert.deepEqual(ids(b), made);
    // vervolgvraag without start: StUF103
    const c = await post(url, `${A11}zakLv01`, zakLv01(q, { vervolg: true }));
    assert.equal(c.status, 500);
    assert.equal(faultCode(c.text), 'StUF103');
  });

  it('unsupported sortering is StUF133 in a valid Fo02; malformed selection is StUF055', async () => {
    const a = await post(url, `${A11}zakLv01`, zakLv01(byId('0999-sort') + scopeObj('<ZKN:identificatie xsi:nil="true"/>'), { sortering: 7 }));
    assert.equal(a.status, 500);
    assert.equal(faultCode(a.text), 'StUF133');
    assert.equal(assertValidAnswer(srv, a.text, 'zds-1.1').name, 'Fo02Bericht');
    const b = await post(url, `${A11}zakLv01`, zakLv01(`<ZKN:vanaf StUF:entiteittype="ZAK"><ZKN:startdatum>2024</ZKN:startdatum></ZKN:vanaf>` + scopeObj('<ZKN:identificatie xsi:nil="true"/>')));
    assert.equal(b.status, 500, b.text);
    assert.equal(faultCode(b.text), 'StUF055');
  });

  it('zakLv01 date ranges on startdatum (vanaf/totEnMet)', async () => {
    const bsn = uniqueBsn();
    await create({ initiatorBsn: bsn, startdatum: '20230101' });
    const mid = await create({ initiatorBsn: bsn, startdatum: '20230615' });
    await create({ initiatorBsn: bsn, startdatum: '20231231' });
    const ini = `<ZKN:heeftAlsInitiator StUF:entiteittype="ZAKBTRINI"><ZKN:gerelateerde StUF:entiteittype="BTR"><ZKN:identificatie>${bsn}</ZKN:identificatie></ZKN:gerelateerde></ZKN:heeftAlsInitiator>`;
    const a = await ask11('zakLv01', zakLv01(gelijk(ini) + '<ZKN:vanaf StUF:entiteittype="ZAK"><ZKN:startdatum>20230201</ZKN:startdatum></ZKN:vanaf>'
      + '<ZKN:totEnMet StUF:entiteittype="ZAK"><ZKN:startdatum>20231130</ZKN:startdatum></ZKN:totEnMet>' + scopeObj('<ZKN:identificatie xsi:nil="true"/>')));
    assert.deepEqual(ids(a), [mid]);
  });

  it('geefZaakstatus 1.2: all statussen newest first, or only the current one; catalogue fills zkt.omschrijving + volgnummer', async () => {
    const id = await create({ statussen: [
      { volgnummer: 1, omschrijving: 'Aanvraag ontvangen', datum: '20240311090000' },
      { volgnummer: 2, omschrijving: 'Plan in opstelling', datum: '20240312090000', toelichting: 'Gestart' },
    ] });
    const all = await ask12('geefZaakstatus_ZakLv01', geefZaakstatus12(id, false));
    assert.equal(count(all, /<ZKN:heeft /), 2);
    assert.ok(all.indexOf('Plan in opstelling') < all.indexOf('Aanvraag ontvangen'));
    assert.match(all, /<ZKN:zkt.omschrijving>Gezinsplan<\/ZKN:zkt.omschrijving><ZKN:volgnummer>2<\/ZKN:volgnummer><ZKN:omschrijving>Plan in opstelling/);
    assert.match(all, /<ZKN:toelichting>Gestart<\/ZKN:toelichting><ZKN:datumStatusGezet>20240312090000<\/ZKN:datumStatusGezet><ZKN:indicatieLaatsteStatus>J</);
    assert.match(all, /<ZKN:datumStatusGezet>20240311090000<\/ZKN:datumStatusGezet><ZKN:indicatieLaatsteStatus StUF:noValue="geenWaarde" xsi:nil="true"\/>/);
    const cur = await ask12('geefZaakstatus_ZakLv01', geefZaakstatus12(id, true));
    assert.equal(count(cur, /<ZKN:heeft /), 1);
    assert.match(cur, /Plan in opstelling/);
    assert.doesNotMatch(cur, /Aanvraag ontvangen/);
    // ZDS 1.1: the generic zakLa01
    const v11 = await ask11('geefZaakstatus_Lv01', zakLv01(gelijk(`<ZKN:identificatie>${id}</ZKN:identificatie><ZKN:heeft StUF:entiteittype="ZAKSTT"><ZKN:indicatieLaatsteStatus>J</ZKN:indicatieLaatsteStatus></ZKN:heeft>`)
      + scopeObj('<ZKN:identificatie xsi:nil="true"/><ZKN:heeft StUF:entiteittype="ZAKSTT"><ZKN:gerelateerde StUF:entiteittype="STT"><ZKN:volgnummer xsi:nil="true"/></ZKN:gerelateerde><ZKN:datumStatusGezet xsi:nil="true"/></ZKN:heeft>')));
    assert.equal(count(v11, /<ZKN:heeft /), 1);
    assert.match(v11, /<ZKN:volgnummer>2</);
  });

  it('geefZaakstatus 1.2 for a zaak without status answers one nil heeft', async () => {
    const id = await create({});
    const a = await ask12('geefZaakstatus_ZakLv01', geefZaakstatus12(id, true));
    assert.match(a, /<ZKN:heeft StUF:entiteittype="ZAKSTT" StUF:noValue="geenWaarde" xsi:nil="true"\/>/);
  });

  it('geefLijstZaakdocumenten 1.2 and 1.1: the zaak with a nil heeftRelevant', async () => {
    const id = await create({});
    const scope = scopeObj('<ZKN:identificatie xsi:nil="true"/><ZKN:heeftRelevant StUF:entiteittype="ZAKEDC"><ZKN:gerelateerde StUF:entiteittype="EDC"><ZKN:identificatie xsi:nil="true"/></ZKN:gerelateerde></ZKN:heeftRelevant>');
    const a = await ask12('geefLijstZaakdocumenten_ZakLv01', envelope(`<ZDS:geefLijstZaakdocumenten_ZakLv01 ${XMLNS}><ZKN:stuurgegevens>${sg('Lv01')}</ZKN:stuurgegevens>${params()}${byId(id)}${scope}</ZDS:geefLijstZaakdocumenten_ZakLv01>`));
    assert.match(a, /<ZKN:heeftRelevant StUF:entiteittype="ZAKEDC" StUF:noValue="geenWaarde" xsi:nil="true"\/>/);
    assert.deepEqual(ids(a), [id]);
    const b = await ask11('geefLijstZaakdocumenten_Lv01', zakLv01(byId(id) + scope));
    assert.match(b, /<ZKN:heeftRelevant StUF:entiteittype="ZAKEDC" StUF:noValue="geenWaarde" xsi:nil="true"\/>/);
  });
});
