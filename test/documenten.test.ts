// The document services over real HTTP on /soap: genereerDocumentIdentificatie, voegZaakdocumentToe,
// geefZaakdocumentLezen and geefLijstZaakdocumenten, each in ZDS 1.2 and ZDS 1.1 (guide §3.2 #7, #8, #10,
// #13, §4.5). Document content is opaque: the bytes sent are the bytes read back (guide §6.4). Every
// answer, faults included, is validated against the official XSD of its dialect.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { XmlDocument } from 'libxml2-wasm';
import type { RunningServer } from '../src/http/server.ts';
import { A11, A12 } from '../src/stuf/dialect.ts';
import { NS } from '../src/xml/namespaces.ts';
import { assertValidAnswer, DATABASE_URL, envelope, faultCode, post, startGatewayProcess, startTestServer, textOf, uniqueId, XMLNS, type GatewayProcess } from './helpers.ts';

type Dialect = '1.1' | '1.2';
type SoapVersion = '1.1' | '1.2';
const BUNDLE = { '1.1': 'zds-1.1', '1.2': 'zds-1.2' } as const;

/** Request root and SOAPAction per service and dialect (guide §3.1). */
const REQUEST = {
  genereer: { '1.2': ['ZDS:genereerDocumentIdentificatie_Di02', `${A12}genereerDocumentIdentificatie_Di02`], '1.1': ['ZKN:genereerDocumentIdentificatie_Di02', `${A11}genereerDocumentIdentificatie_Di02`] },
  voeg: { '1.2': ['ZDS:voegZaakdocumentToe_EdcLk01', `${A12}voegZaakdocumentToe_EdcLk01`], '1.1': ['ZKN:edcLk01', `${A11}voegZaakdocumentToe_Lk01`] },
  lezen: { '1.2': ['ZDS:geefZaakdocumentLezen_EdcLv01', `${A12}geefZaakdocumentLezen_EdcLv01`], '1.1': ['ZKN:edcLv01', `${A11}geefZaakdocumentLezen_Lv01`] },
  lijst: { '1.2': ['ZDS:geefLijstZaakdocumenten_ZakLv01', `${A12}geefLijstZaakdocumenten_ZakLv01`], '1.1': ['ZKN:zakLv01', `${A11}geefLijstZaakdocumenten_Lv01`] },
  creeerZaak: { '1.2': ['ZDS:creeerZaak_ZakLk01', `${A12}creeerZaak_ZakLk01`], '1.1': ['ZKN:zakLk01', `${A11}creeerZaak_Lk01`] },
} as const;

/** Expected answer root (prefix by namespace: ZDS or ZKN) per service and dialect. */
const ANSWER = {
  genereer: { '1.2': 'ZDS:genereerDocumentIdentificatie_Du02', '1.1': 'ZKN:genereerDocumentIdentificatie_Du02' },
  lezen: { '1.2': 'ZDS:geefZaakdocumentLezen_EdcLa01', '1.1': 'ZKN:edcLa01' },
  lijst: { '1.2': 'ZDS:geefLijstZaakdocumenten_ZakLa01', '1.1': 'ZKN:zakLa01' },
} as const;

interface Msg { xml: string; action: string; ref: string }

const zender = `<StUF:zender><StUF:organisatie>0999</StUF:organisatie><StUF:applicatie>WMO</StUF:applicatie></StUF:zender>
  <StUF:ontvanger><StUF:organisatie>0999</StUF:organisatie><StUF:applicatie>ZKM</StUF:applicatie></StUF:ontvanger>`;
const sg = (code: string, ref: string, tail: string) =>
  `<StUF:berichtcode>${code}</StUF:berichtcode>${zender}<StUF:referentienummer>${ref}</StUF:referentienummer>` +
  `<StUF:tijdstipBericht>20240312101500123</StUF:tijdstipBericht>${tail}`;
const lvParams = '<ZKN:parameters><StUF:sortering>0</StUF:sortering><StUF:indicatorVervolgvraag>false</StUF:indicatorVervolgvraag></ZKN:parameters>';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** genereerDocumentIdentificatie_Di02 (1.2: ZDS:stuurgegevens, 1.1: ZKN:stuurgegevens). */
function genereer(d: Dialect, soap: SoapVersion = '1.1'): Msg {
  const [root, action] = REQUEST.genereer[d];
  const ref = uniqueId('R');
  const p = d === '1.2' ? 'ZDS' : 'ZKN';
  const xml = envelope(`<${root} ${XMLNS}><${p}:stuurgegevens>${sg('Di02', ref, '<StUF:functie>genereerDocumentidentificatie</StUF:functie>')}</${p}:stuurgegevens></${root}>`, soap);
  return { xml, action, ref };
}

interface Doc {
  identificatie: string;
  zaak: string;
  bytes: Buffer;
  contentType?: string;
  bestandsnaam?: string;
  ref?: string;
  titel?: string;
  auteur?: string;
  formaat?: string;
  taal?: string;
  vertrouwelijkAanduiding?: string;
}
const DEFAULTS = { contentType: 'application/pdf', bestandsnaam: 'brief.pdf', titel: 'Brief aanvullende gegevens', auteur: 'Wmo-backoffice', taal: 'nld', vertrouwelijkAanduiding: 'VERTROUWELIJK' };

/** voegZaakdocumentToe: mutatiesoort T, one EDC object in the element order of the corpus examples. */
function documentToevoegen(d: Dialect, doc: Doc, soap: SoapVersion = '1.1'): Msg {
  const [root, action] = REQUEST.voeg[d];
  const ref = doc.ref ?? uniqueId('R');
  const v = { ...DEFAULTS, ...doc };
  const formaat = doc.formaat ?? v.contentType;
  const xml = envelope(`<${root} ${XMLNS}><ZKN:stuurgegevens>${sg('Lk01', ref, '<StUF:entiteittype>EDC</StUF:entiteittype>')}</ZKN:stuurgegevens>
    <ZKN:parameters><StUF:mutatiesoort>T</StUF:mutatiesoort><StUF:indicatorOvername>V</StUF:indicatorOvername></ZKN:parameters>
    <ZKN:object StUF:entiteittype="EDC" StUF:verwerkingssoort="T">
      <ZKN:identificatie>${doc.identificatie}</ZKN:identificatie>
      <ZKN:dct.omschrijving>Deelplan gegevens Wmo</ZKN:dct.omschrijving>
      <ZKN:creatiedatum>20240312</ZKN:creatiedatum>
      <ZKN:titel>${esc(v.titel)}</ZKN:titel>
      <ZKN:formaat>${esc(formaat)}</ZKN:formaat>
      <ZKN:taal>${esc(v.taal)}</ZKN:taal>
      <ZKN:vertrouwelijkAanduiding>${v.vertrouwelijkAanduiding}</ZKN:vertrouwelijkAanduiding>
      <ZKN:auteur>${esc(v.auteur)}</ZKN:auteur>
      <ZKN:inhoud xmime:contentType="${esc(v.contentType)}" StUF:bestandsnaam="${esc(v.bestandsnaam)}">${doc.bytes.toString('base64')}</ZKN:inhoud>
      <ZKN:isRelevantVoor StUF:entiteittype="EDCZAK" StUF:verwerkingssoort="T">
        <ZKN:gerelateerde StUF:entiteittype="ZAK" StUF:verwerkingssoort="I"><ZKN:identificatie>${doc.zaak}</ZKN:identificatie></ZKN:gerelateerde>
      </ZKN:isRelevantVoor>
    </ZKN:object></${root}>`, soap);
  return { xml, action, ref };
}

/** maakZaakdocument: the voegZaakdocumentToe kennisgeving under its own root and SOAPAction (the content is optional there). */
function maakDocument(d: Dialect, doc: Doc, soap: SoapVersion = '1.1'): Msg {
  const m = documentToevoegen(d, doc, soap);
  return d === '1.2'
    ? { ...m, xml: m.xml.replace(/voegZaakdocumentToe_EdcLk01/g, 'maakZaakdocument_EdcLk01'), action: `${A12}maakZaakdocument_EdcLk01` }
    : { ...m, action: `${A11}maakZaakdocument_Lk01` };
}

/** geefZaakdocumentLezen: gelijk/identificatie, scope alles. */
function lezen(d: Dialect, identificatie: string, soap: SoapVersion = '1.1'): Msg {
  const [root, action] = REQUEST.lezen[d];
  const ref = uniqueId('R');
  const xml = envelope(`<${root} ${XMLNS}><ZKN:stuurgegevens>${sg('Lv01', ref, '<StUF:entiteittype>EDC</StUF:entiteittype>')}</ZKN:stuurgegevens>${lvParams}
    <ZKN:gelijk StUF:entiteittype="EDC"><ZKN:identificatie>${identificatie}</ZKN:identificatie></ZKN:gelijk>
    <ZKN:scope><ZKN:object StUF:entiteittype="EDC" StUF:scope="alles"/></ZKN:scope></${root}>`, soap);
  return { xml, action, ref };
}

/** geefLijstZaakdocumenten: gelijk/identificatie of the zaak, scope heeftRelevant/gerelateerde/identificatie (STP 036). */
function lijst(d: Dialect, zaakId: string, soap: SoapVersion = '1.1'): Msg {
  const [root, action] = REQUEST.lijst[d];
  const ref = uniqueId('R');
  const xml = envelope(`<${root} ${XMLNS}><ZKN:stuurgegevens>${sg('Lv01', ref, '<StUF:entiteittype>ZAK</StUF:entiteittype>')}</ZKN:stuurgegevens>${lvParams}
    <ZKN:gelijk StUF:entiteittype="ZAK"><ZKN:identificatie>${zaakId}</ZKN:identificatie></ZKN:gelijk>
    <ZKN:scope><ZKN:object StUF:entiteittype="ZAK"><ZKN:identificatie xsi:nil="true"/>
      <ZKN:heeftRelevant StUF:entiteittype="ZAKEDC"><ZKN:gerelateerde StUF:entiteittype="EDC"><ZKN:identificatie xsi:nil="true"/></ZKN:gerelateerde>
      <ZKN:registratiedatum xsi:nil="true"/></ZKN:heeftRelevant>
    </ZKN:object></ZKN:scope></${root}>`, soap);
  return { xml, action, ref };
}

/** A new zaak of zaaktype GZP (ZDS 1.2 creeerZaak), as creeer() in mutations.test.ts. */
function creeer(zaakId: string): Msg {
  const [root, action] = REQUEST.creeerZaak['1.2'];
  const ref = uniqueId('R');
  const bsn = String(100000000 + Math.floor(Math.random() * 899999999)).slice(0, 9);
  const xml = envelope(`<${root} ${XMLNS}><ZKN:stuurgegevens>${sg('Lk01', ref, '<StUF:entiteittype>ZAK</StUF:entiteittype>')}</ZKN:stuurgegevens>
    <ZKN:parameters><StUF:mutatiesoort>T</StUF:mutatiesoort><StUF:indicatorOvername>V</StUF:indicatorOvername></ZKN:parameters>
    <ZKN:object StUF:entiteittype="ZAK" StUF:verwerkingssoort="T"><ZKN:identificatie>${zaakId}</ZKN:identificatie>
      <ZKN:omschrijving>Gezinsplan</ZKN:omschrijving><ZKN:startdatum>20240311</ZKN:startdatum><ZKN:registratiedatum>20240311</ZKN:registratiedatum>
      <ZKN:zaakniveau>1</ZKN:zaakniveau><ZKN:deelzakenIndicatie>N</ZKN:deelzakenIndicatie>
      <ZKN:isVan StUF:entiteittype="ZAKZKT" StUF:verwerkingssoort="T"><ZKN:gerelateerde StUF:entiteittype="ZKT" StUF:verwerkingssoort="I"><ZKN:code>GZP</ZKN:code></ZKN:gerelateerde></ZKN:isVan>
      <ZKN:heeftAlsInitiator StUF:entiteittype="ZAKBTRINI" StUF:verwerkingssoort="T"><ZKN:gerelateerde>
        <ZKN:natuurlijkPersoon StUF:entiteittype="NPS" StUF:verwerkingssoort="T"><BG:inp.bsn>${bsn}</BG:inp.bsn><BG:geslachtsnaam>Jansen</BG:geslachtsnaam></ZKN:natuurlijkPersoon>
      </ZKN:gerelateerde></ZKN:heeftAlsInitiator>
    </ZKN:object></${root}>`);
  return { xml, action, ref };
}

// --- checkout, checkin and cancel (guide §3.2 #9, #12, #14): vrij berichten in the dialect's prefix ---

const VRIJ = { '1.2': 'ZDS', '1.1': 'ZKN' } as const;
const vrij = (d: Dialect, root12: string, root11: string, functie: string, content: string, soap: SoapVersion = '1.1'): Msg => {
  const p = VRIJ[d];
  const ref = uniqueId('R');
  const root = d === '1.2' ? `ZDS:${root12}` : `ZKN:${root11}`;
  const action = d === '1.2' ? `${A12}${root12 === 'geefZaakdocumentBewerken_Di02' ? 'geefZaakdocumentbewerken_Di02' : root12}` : `${A11}${root11}`;
  return { xml: envelope(`<${root} ${XMLNS}><${p}:stuurgegevens>${sg('Di02', ref, `<StUF:functie>${functie}</StUF:functie>`)}</${p}:stuurgegevens>${content}</${root}>`, soap), action, ref };
};

/** geefZaakdocumentbewerken (checkout) of one document. */
const bewerken = (d: Dialect, identificatie: string, soap: SoapVersion = '1.1') => vrij(d, 'geefZaakdocumentBewerken_Di02', 'geefZaakdocumentbewerken_Di02', 'geefZaakdocumentbewerken',
  `<${VRIJ[d]}:edcLv01 StUF:entiteittype="EDC" StUF:functie="selectie"><ZKN:parameters><StUF:indicatorAfnemerIndicatie>false</StUF:indicatorAfnemerIndicatie></ZKN:parameters>` +
  `<ZKN:gelijk StUF:entiteittype="EDC"><ZKN:identificatie>${identificatie}</ZKN:identificatie></ZKN:gelijk></${VRIJ[d]}:edcLv01>`, soap);

const checkedOut = (d: Dialect, id: string | undefined) => `<${VRIJ[d]}:parameters>${id === undefined ? '' : `<${VRIJ[d]}:checkedOutId>${id}</${VRIJ[d]}:checkedOutId>`}</${VRIJ[d]}:parameters>`;

/** updateZaakdocument (checkin): a new titel and content in the nieuw object. */
const bijwerken = (d: Dialect, identificatie: string, checkedOutId: string | undefined, titel: string, bytes: Buffer, soap: SoapVersion = '1.1') =>
  vrij(d, 'updateZaakdocument_Di02', 'updateZaakdocument_Di02', 'updateZaakdocument', `${checkedOut(d, checkedOutId)}` +
    `<${VRIJ[d]}:edcLk02 StUF:entiteittype="EDC" StUF:functie="update"><ZKN:parameters><StUF:mutatiesoort>W</StUF:mutatiesoort></ZKN:parameters>` +
    `<ZKN:object StUF:entiteittype="EDC" StUF:verwerkingssoort="W"><ZKN:identificatie>${identificatie}</ZKN:identificatie></ZKN:object>` +
    `<ZKN:object StUF:entiteittype="EDC" StUF:verwerkingssoort="W"><ZKN:identificatie>${identificatie}</ZKN:identificatie><ZKN:titel>${titel}</ZKN:titel>` +
    `<ZKN:inhoud StUF:bestandsnaam="${titel}.txt">${bytes.toString('base64')}</ZKN:inhoud></ZKN:object></${VRIJ[d]}:edcLk02>`, soap);

/** cancelCheckout. */
const annuleren = (d: Dialect, identificatie: string, checkedOutId: string, soap: SoapVersion = '1.1') => vrij(d, 'cancelCheckout_Di02', 'cancelCheckout_Di02', 'cancelCheckout',
  `${checkedOut(d, checkedOutId)}<${VRIJ[d]}:document StUF:entiteittype="EDC" StUF:verwerkingssoort="W" StUF:functie="entiteit"><ZKN:identificatie>${identificatie}</ZKN:identificatie></${VRIJ[d]}:document>`, soap);

/** ontkoppelZaakdocument (ZDS 1.2 only): oud names the link with verwerkingssoort V, nieuw has it nil. */
const ontkoppelen = (identificatie: string, zaak: string, soap: SoapVersion = '1.1') => vrij('1.2', 'ontkoppelZaakdocument_Di02', '', 'ontkoppelZaakdocument',
  `<ZDS:parameters/><ZDS:edcLk02 StUF:functie="update" StUF:entiteittype="EDC"><ZKN:parameters><StUF:mutatiesoort>W</StUF:mutatiesoort></ZKN:parameters>` +
  `<ZKN:object StUF:entiteittype="EDC" StUF:verwerkingssoort="W"><ZKN:identificatie>${identificatie}</ZKN:identificatie>` +
  `<ZKN:isRelevantVoor StUF:verwerkingssoort="V" StUF:entiteittype="EDCZAK"><ZKN:gerelateerde StUF:verwerkingssoort="I" StUF:entiteittype="ZAK">` +
  `<ZKN:identificatie>${zaak}</ZKN:identificatie></ZKN:gerelateerde></ZKN:isRelevantVoor></ZKN:object>` +
  `<ZKN:object StUF:entiteittype="EDC" StUF:verwerkingssoort="W"><ZKN:identificatie>${identificatie}</ZKN:identificatie>` +
  `<ZKN:isRelevantVoor StUF:verwerkingssoort="V" StUF:entiteittype="EDCZAK" xsi:nil="true"/></ZKN:object></ZDS:edcLk02>`, soap);

// --- reading answers (prefix-independent XPath) ---

const XP = { StUF: NS.StUF, ZKN: NS.ZKN, ZDS: NS.ZDS, xmime: NS.xmime, xsi: NS.xsi, SOAP11: NS.SOAP11, SOAP12: NS.SOAP12 };

/** Text content of every node (element or attribute) the XPath selects. */
function xq(xml: string, xpath: string): string[] {
  const doc = XmlDocument.fromString(xml);
  try {
    return doc.find(xpath, XP).map((n) => n.content);
  } finally {
    doc.dispose();
  }
}

/** The Body child of the answer as 'ZDS:local' or 'ZKN:local' (by namespace, not by prefix). */
function bodyRoot(xml: string): string {
  const doc = XmlDocument.fromString(xml);
  try {
    const el = doc.get('/*/*[local-name()="Body"]/*') as unknown as { name: string; namespaceUri: string } | null;
    assert.ok(el, 'answer has a Body child');
    const prefix = el.namespaceUri === NS.ZDS ? 'ZDS' : el.namespaceUri === NS.ZKN ? 'ZKN' : el.namespaceUri === NS.StUF ? 'StUF' : el.namespaceUri;
    return `${prefix}:${el.name}`;
  } finally {
    doc.dispose();
  }
}

/** The envelope namespace of the answer. */
function envelopeNs(xml: string): string {
  const doc = XmlDocument.fromString(xml);
  try {
    return doc.root.namespaceUri;
  } finally {
    doc.dispose();
  }
}

const ANT = '/*/*[local-name()="Body"]/*/ZKN:antwoord';

describe('document services (genereerDocumentIdentificatie, voegZaakdocumentToe, geefZaakdocumentLezen, geefLijstZaakdocumenten, checkout/checkin/cancel)', () => {
  let srv: RunningServer;
  const url = () => `${srv.url}/soap`;

  before(async () => {
    srv = await startTestServer();
  });
  after(async () => srv.close());

  async function send(m: Msg, d: Dialect, soap: SoapVersion = '1.1') {
    const a = await post(url(), m.action, m.xml, soap);
    const name = assertValidAnswer(srv, a.text, BUNDLE[d]).name;
    return { ...a, name, code: faultCode(a.text), details: textOf(a.text, 'details') };
  }
  async function ok(m: Msg, d: Dialect, soap: SoapVersion = '1.1') {
    const a = await send(m, d, soap);
    assert.equal(a.status, 200, `expected Bv03, got ${a.code}: ${a.details}`);
    assert.equal(a.name, 'Bv03Bericht');
    assert.equal(textOf(a.text, 'crossRefnummer'), m.ref);
    return a;
  }
  async function fault(m: Msg, d: Dialect, code: string) {
    const a = await send(m, d);
    assert.equal(a.status, 500, `expected a fault ${code}, got HTTP ${a.status}:\n${a.text}`);
    assert.equal(a.name, 'Fo03Bericht');
    assert.equal(a.code, code, `expected ${code}, got ${a.code}: ${a.details}`);
    return a;
  }
  /** A La01 (HTTP 200) with the expected root. */
  async function answer(m: Msg, d: Dialect, service: keyof typeof ANSWER, soap: SoapVersion = '1.1') {
    const a = await send(m, d, soap);
    assert.equal(a.status, 200, `expected an answer, got ${a.code}: ${a.details}\n${a.text}`);
    assert.equal(bodyRoot(a.text), ANSWER[service][d]);
    return a;
  }
  async function newZaak() {
    const zaakId = uniqueId('0999D');
    await ok(creeer(zaakId), '1.2');
    return zaakId;
  }
  /** The content of the single document in a geefZaakdocumentLezen answer. */
  function inhoud(text: string) {
    const base = `${ANT}/ZKN:object/ZKN:inhoud`;
    assert.equal(xq(text, base).length, 1, `one inhoud in:\n${text}`);
    return {
      bytes: Buffer.from(xq(text, base)[0].replace(/\s+/g, ''), 'base64'),
      bestandsnaam: xq(text, `${base}/@StUF:bestandsnaam`)[0],
      contentType: xq(text, `${base}/@xmime:contentType`)[0],
    };
  }
  async function readBack(d: Dialect, identificatie: string, soap: SoapVersion = '1.1') {
    const a = await answer(lezen(d, identificatie, soap), d, 'lezen', soap);
    assert.equal(xq(a.text, `${ANT}/ZKN:object`).length, 1, `one antwoord/object in:\n${a.text}`);
    return a;
  }
  const field = (text: string, name: string) => xq(text, `${ANT}/ZKN:object/ZKN:${name}`);

  for (const d of ['1.2', '1.1'] as const) {
    describe(`ZDS ${d}`, () => {
      it('genereerDocumentIdentificatie answers Du02 with one EDC identificatie, a different one each call', async () => {
        const p = d === '1.2' ? 'ZDS' : 'ZKN';
        const ids: string[] = [];
        for (let i = 0; i < 2; i++) {
          const a = await send(genereer(d), d);
          assert.equal(a.status, 200, `${a.code}: ${a.details}`);
          assert.equal(bodyRoot(a.text), ANSWER.genereer[d]);
          const doc = `/*/*[local-name()="Body"]/*/${p}:document`;
          assert.equal(xq(a.text, doc).length, 1, a.text);
          assert.deepEqual(xq(a.text, `${doc}/@StUF:entiteittype`), ['EDC']);
          assert.deepEqual(xq(a.text, `${doc}/@StUF:functie`), ['entiteit']);
          const id = xq(a.text, `${doc}/ZKN:identificatie`);
          assert.equal(id.length, 1);
          assert.ok(id[0].length >= 1 && id[0].length <= 40, id[0]);
          ids.push(id[0]);
        }
        assert.notEqual(ids[0], ids[1]);
      });

      it('voegZaakdocumentToe stores the document; geefZaakdocumentLezen returns it with the same metadata and bytes', async () => {
        const zaakId = await newZaak();
        const identificatie = uniqueId('D');
        const bytes = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\nbinaire inhoud\x00\x01\x02\xff\n', 'latin1');
        const sent = { identificatie, zaak: zaakId, bytes, contentType: 'application/pdf', bestandsnaam: 'brief-aanvullende-gegevens.pdf',
          titel: 'Brief aanvullende gegevens', auteur: 'J. de Vries', formaat: 'application/pdf', taal: 'nld', vertrouwelijkAanduiding: 'ZAAKVERTROUWELIJK' };
        await ok(documentToevoegen(d, sent), d);
        const a = await readBack(d, identificatie);
        for (const name of ['identificatie', 'titel', 'auteur', 'formaat', 'taal', 'vertrouwelijkAanduiding'] as const) {
          assert.deepEqual(field(a.text, name), [sent[name]], name);
        }
        const c = inhoud(a.text);
        assert.equal(c.bestandsnaam, sent.bestandsnaam);
        assert.equal(c.contentType, sent.contentType);
        assert.ok(c.bytes.equals(bytes), 'content decodes to exactly the bytes sent');
        assert.deepEqual(xq(a.text, `${ANT}/ZKN:object/ZKN:isRelevantVoor/ZKN:gerelateerde/ZKN:identificatie`), [zaakId]);
      });

      it('opaque domain XML comes back byte for byte (UTF-8 with declaration, comment, odd whitespace; ISO-8859-1)', async () => {
        const zaakId = await newZaak();
        const utf8 = Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\r\n<!-- deelplan: Zoë’s gegevens -->\r\n' +
          '<wmo:deelplan  xmlns:wmo="urn:example:wmo"\txmlns:jw="urn:example:jeugdwet" >   \r\n' +
          '\t<wmo:naam>Zoë’s plan — “ondersteuning”</wmo:naam>  \n\t\t<jw:leeg/>\t\r\n' +
          '   <wmo:bedrag valuta="€">12,50</wmo:bedrag>\r\n</wmo:deelplan>  \n', 'utf8');
        const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>\n<plan>\n  <naam>Café Noël</naam>\r\n  <toelichting>één, ëën</toelichting>\n</plan>\n', 'latin1');
        assert.ok(latin1.includes(0xe9) && latin1.includes(0xeb), 'really ISO-8859-1 bytes');
        for (const [bytes, naam] of [[utf8, 'deelplan-wmo.xml'], [latin1, 'deelplan-latin1.xml']] as const) {
          const identificatie = uniqueId('X');
          await ok(documentToevoegen(d, { identificatie, zaak: zaakId, bytes, contentType: 'application/xml', bestandsnaam: naam }), d);
          const c = inhoud((await readBack(d, identificatie)).text);
          assert.equal(c.contentType, 'application/xml');
          assert.equal(c.bestandsnaam, naam);
          assert.ok(c.bytes.equals(bytes), `${naam}: stored bytes differ\nsent: ${bytes.toString('hex')}\ngot:  ${c.bytes.toString('hex')}`);
        }
      });

      it('a document of 300 KB (cut out of the request, streamed into the answer) reads back byte for byte, valid', async () => {
        const zaakId = await newZaak();
        const identificatie = uniqueId('B');
        const bytes = Buffer.from(Array.from({ length: 300_001 }, (_, i) => (i * 7919 + 13) % 256));
        await ok(documentToevoegen(d, { identificatie, zaak: zaakId, bytes, contentType: 'application/pdf', bestandsnaam: 'scan.pdf' }), d);
        const a = await readBack(d, identificatie); // validated against the XSD by send(); a wrong Content-Length would cut or stall it
        assert.ok(inhoud(a.text).bytes.equals(bytes));
      });

      it('MTOM: voegZaakdocumentToe with an xop:Include part; geefZaakdocumentLezen over MTOM answers with the bytes as a MIME part', async () => {
        const zaakId = await newZaak();
        const identificatie = uniqueId('T');
        // bytes that look like MIME framing must survive: CRLF, "--", a boundary-like line
        const bytes = Buffer.concat([Buffer.from('\r\n--MIMEBoundary_x\r\n--\r\n'), Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 256))]);
        const boundary = 'uuid:0b7d9c1e-test';
        const mtom = (xml: string, attachment?: Buffer) => Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Type: application/xop+xml; charset=UTF-8; type="text/xml"\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <root@test>\r\n\r\n${xml}`),
          ...(attachment ? [Buffer.from(`\r\n--${boundary}\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <deel1@test>\r\n\r\n`), attachment] : []),
          Buffer.from(`\r\n--${boundary}--\r\n`)]);
        const headers = (action: string) => ({ 'content-type': `multipart/related; type="application/xop+xml"; start="<root@test>"; start-info="text/xml"; boundary="${boundary}"`, soapaction: `"${action}"` });
        const m = documentToevoegen(d, { identificatie, zaak: zaakId, bytes: Buffer.alloc(0), contentType: 'application/pdf', bestandsnaam: 'mtom.pdf' });
        const xml = m.xml.replace(/(<ZKN:inhoud[^>]*>)<\/ZKN:inhoud>/, '$1<xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include" href="cid:deel1%40test"/></ZKN:inhoud>');
        const toe = await fetch(url(), { method: 'POST', headers: headers(m.action), body: mtom(xml, bytes) });
        const toeText = await toe.text();
        assert.equal(toe.status, 200, toeText);
        assertValidAnswer(srv, toeText, BUNDLE[d]);
        assert.ok(inhoud((await readBack(d, identificatie)).text).bytes.equals(bytes), 'stored bytes, read back inline');

        const l = lezen(d, identificatie);
        const r = await fetch(url(), { method: 'POST', headers: headers(l.action), body: mtom(l.xml.replace(/^<\?xml[^>]*>/, '')) });
        assert.equal(r.status, 200);
        const ct = r.headers.get('content-type') ?? '';
        assert.match(ct, /^multipart\/related;.*type="application\/xop\+xml"/);
        const answerBoundary = ct.match(/boundary="([^"]+)"/)![1];
        const raw = Buffer.from(await r.arrayBuffer());
        const parts = raw.toString('latin1').split(`--${answerBoundary}`).slice(1, -1).map((p) => {
          const at = p.indexOf('\r\n\r\n');
          return { headers: p.slice(0, at), content: Buffer.from(p.slice(at + 4, p.length - 2), 'latin1') };
        });
        assert.equal(parts.length, 2);
        const cid = parts[1].headers.match(/Content-ID: <([^>]+)>/)![1];
        assert.ok(parts[1].content.equals(bytes), 'attachment part = the stored bytes');
        const root = parts[0].content.toString('utf8');
        assert.match(root, new RegExp(`<xop:Include [^>]*href="cid:${encodeURIComponent(cid).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`));
        // XOP-decoded (the Include replaced by the part's base64), the root is a valid answer
        assertValidAnswer(srv, root.replace(/<xop:Include[^>]*\/>/, bytes.toString('base64')), BUNDLE[d]);

        // checkin of a new version as MTOM (updateZaakdocument)
        const uit = await send(bewerken(d, identificatie), d);
        const [checkedOutId] = xq(uit.text, `/*/*[local-name()="Body"]/*/${VRIJ[d]}:parameters/${VRIJ[d]}:checkedOutId`);
        const v2 = Buffer.concat([bytes, Buffer.from('\r\nversie 2')]);
        const u = bijwerken(d, identificatie, checkedOutId, 'Mtom2', Buffer.alloc(0));
        const uxml = u.xml.replace(/(<ZKN:inhoud[^>]*>)<\/ZKN:inhoud>/, '$1<xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include" href="cid:deel1@test"/></ZKN:inhoud>');
        const bij = await fetch(url(), { method: 'POST', headers: headers(u.action), body: mtom(uxml, v2) });
        const bijText = await bij.text();
        assert.equal(bij.status, 200, bijText);
        assert.equal(assertValidAnswer(srv, bijText, BUNDLE[d]).name, 'Bv02Bericht');
        assert.ok(inhoud((await readBack(d, identificatie)).text).bytes.equals(v2), 'the MTOM checkin stored the new bytes');
      });

      it('geefLijstZaakdocumenten lists the zaak documents sorted by identificatie; a zaak without documents has none', async () => {
        const zaakId = await newZaak();
        const base = uniqueId('L');
        const [a1, a2, a3] = [`${base}A1`, `${base}B2`, `${base}C3`];
        for (const identificatie of [a2, a3, a1]) {
          await ok(documentToevoegen(d, { identificatie, zaak: zaakId, bytes: Buffer.from(`inhoud ${identificatie}`) }), d);
        }
        const a = await answer(lijst(d, zaakId), d, 'lijst');
        assert.deepEqual(xq(a.text, `${ANT}/ZKN:object/ZKN:identificatie`), [zaakId]);
        assert.equal(xq(a.text, `${ANT}/ZKN:object/ZKN:heeftRelevant`).length, 3, a.text);
        assert.deepEqual(xq(a.text, `${ANT}/ZKN:object/ZKN:heeftRelevant/ZKN:gerelateerde/ZKN:identificatie`), [a1, a2, a3]);

        const leeg = await newZaak();
        const b = await answer(lijst(d, leeg), d, 'lijst');
        assert.deepEqual(xq(b.text, `${ANT}/ZKN:object/ZKN:identificatie`), [leeg]);
        assert.equal(xq(b.text, `${ANT}/ZKN:object/ZKN:heeftRelevant/ZKN:gerelateerde`).length, 0, b.text);
        if (d === '1.2') {
          const rel = `${ANT}/ZKN:object/ZKN:heeftRelevant`;
          assert.equal(xq(b.text, rel).length, 1, b.text);
          assert.deepEqual(xq(b.text, `${rel}/@StUF:noValue`), ['geenWaarde']);
          assert.deepEqual(xq(b.text, `${rel}/@xsi:nil`), ['true']);
        }
      });

      it('voegZaakdocumentToe for an unknown zaak is StUF064 and stores nothing', async () => {
        const identificatie = uniqueId('F');
        await fault(documentToevoegen(d, { identificatie, zaak: uniqueId('0999N'), bytes: Buffer.from('wees') }), d, 'StUF064');
        const a = await answer(lezen(d, identificatie), d, 'lezen');
        assert.equal(xq(a.text, `${ANT}`).length, 0, `nothing stored:\n${a.text}`);
      });

      it('voegZaakdocumentToe with an existing document identificatie is StUF058; the first document is unchanged', async () => {
        const zaakId = await newZaak();
        const identificatie = uniqueId('U');
        const first = Buffer.from('eerste versie');
        await ok(documentToevoegen(d, { identificatie, zaak: zaakId, bytes: first, titel: 'Eerste', bestandsnaam: 'eerste.txt', contentType: 'text/plain' }), d);
        const second = documentToevoegen(d, { identificatie, zaak: zaakId, bytes: Buffer.from('tweede versie'), titel: 'Tweede', bestandsnaam: 'tweede.txt', contentType: 'text/plain' });
        await fault(second, d, 'StUF058');
        const a = await readBack(d, identificatie);
        assert.deepEqual(field(a.text, 'titel'), ['Eerste']);
        const c = inhoud(a.text);
        assert.equal(c.bestandsnaam, 'eerste.txt');
        assert.ok(c.bytes.equals(first), 'content unchanged');
      });

      it('geefZaakdocumentLezen of an unknown document answers La01 without antwoord', async () => {
        const a = await answer(lezen(d, uniqueId('Q')), d, 'lezen');
        assert.equal(xq(a.text, ANT).length, 0, a.text);
        assert.equal(textOf(a.text, 'berichtcode'), 'La01');
      });

      it('checkout locks the document; checkin and cancel need its checkedOutId; checkin stores a new version and releases it', async () => {
        const zaakId = await newZaak();
        const identificatie = uniqueId('K');
        const v1 = Buffer.from('versie 1');
        await ok(documentToevoegen(d, { identificatie, zaak: zaakId, bytes: v1, titel: 'Eerste', contentType: 'text/plain' }), d);
        const vrijFault = async (m: Msg, code: string) => {
          const a = await send(m, d);
          assert.equal(a.status, 500, a.text);
          assert.equal(a.name, 'Fo02Bericht');
          assert.equal(a.code, code, `${a.code}: ${a.details}`);
        };
        const uitchecken = async () => {
          const a = await send(bewerken(d, identificatie), d);
          assert.equal(a.status, 200, `${a.code}: ${a.details}`);
          assert.equal(a.name, d === '1.2' ? 'geefZaakdocumentBewerken_Du02' : 'geefZaakdocumentbewerken_Du02');
          const [id] = xq(a.text, `/*/*[local-name()="Body"]/*/${VRIJ[d]}:parameters/${VRIJ[d]}:checkedOutId`);
          assert.ok(id, a.text);
          return { id, text: a.text };
        };
        const bv02 = async (m: Msg) => {
          const a = await send(m, d);
          assert.equal(a.status, 200, `${a.code}: ${a.details}`);
          assert.equal(a.name, 'Bv02Bericht');
        };

        const eerste = await uitchecken();
        const inhoudUit = xq(eerste.text, `//ZKN:antwoord/ZKN:object/ZKN:inhoud`);
        assert.ok(Buffer.from(inhoudUit[0], 'base64').equals(v1), 'the checkout carries the content');
        await vrijFault(bewerken(d, identificatie), 'StUF058'); // locked
        await vrijFault(bijwerken(d, identificatie, 'niet-de-goede', 'Tweede', Buffer.from('x')), 'StUF058');
        await vrijFault(bijwerken(d, identificatie, undefined, 'Tweede', Buffer.from('x')), 'StUF058');
        assert.deepEqual(field((await readBack(d, identificatie)).text, 'titel'), ['Eerste']);

        const v2 = Buffer.from('versie 2, Zoë');
        await bv02(bijwerken(d, identificatie, eerste.id, 'Tweede', v2));
        const na = await readBack(d, identificatie);
        assert.deepEqual(field(na.text, 'titel'), ['Tweede']);
        assert.ok(inhoud(na.text).bytes.equals(v2), 'new content');
        assert.equal(inhoud(na.text).bestandsnaam, 'Tweede.txt');

        const tweede = await uitchecken(); // released by the checkin
        assert.notEqual(tweede.id, eerste.id);
        await vrijFault(annuleren(d, identificatie, eerste.id), 'StUF058');
        await bv02(annuleren(d, identificatie, tweede.id));
        const derde = await uitchecken(); // released by the cancel
        await bv02(annuleren(d, identificatie, derde.id));
        await vrijFault(bewerken(d, uniqueId('Z')), 'StUF064');
      });

      if (d === '1.2') {
        it('ontkoppelZaakdocument removes the link only; an unknown link is StUF064', async () => {
          const zaakId = await newZaak();
          const identificatie = uniqueId('O');
          await ok(documentToevoegen(d, { identificatie, zaak: zaakId, bytes: Buffer.from('blijft bestaan') }), d);
          const a = await send(ontkoppelen(identificatie, zaakId), d);
          assert.equal(a.status, 200, `${a.code}: ${a.details}`);
          assert.equal(a.name, 'Bv02Bericht');
          const l = await answer(lijst(d, zaakId), d, 'lijst');
          assert.equal(xq(l.text, `${ANT}/ZKN:object/ZKN:heeftRelevant/ZKN:gerelateerde`).length, 0, l.text);
          const doc = await readBack(d, identificatie); // the document itself remains
          assert.ok(inhoud(doc.text).bytes.equals(Buffer.from('blijft bestaan')));
          assert.equal(xq(doc.text, `${ANT}/ZKN:object/ZKN:isRelevantVoor/ZKN:gerelateerde`).length, 0);
          const again = await send(ontkoppelen(identificatie, zaakId), d);
          assert.equal(again.name, 'Fo02Bericht');
          assert.equal(again.code, 'StUF064');
        });
      }

      it('every document service answers a SOAP 1.2 request in a SOAP 1.2 envelope', async () => {
        const zaakId = await newZaak();
        const doc = { identificatie: uniqueId('V'), zaak: zaakId, bytes: Buffer.from('soap 1.2'), contentType: 'text/plain' };
        const expect = async (m: Msg, name: string | RegExp) => {
          const a = await send(m, d, '1.2');
          assert.equal(a.status, 200, `${a.code}: ${a.details}`);
          assert.equal(envelopeNs(a.text), NS.SOAP12);
          assert.match(a.contentType, /application\/soap\+xml/);
          if (typeof name === 'string') assert.equal(a.name, name);
          else assert.match(a.name, name);
          return a;
        };
        await expect(genereer(d, '1.2'), 'genereerDocumentIdentificatie_Du02');
        await expect(documentToevoegen(d, doc, '1.2'), 'Bv03Bericht');
        await expect(maakDocument(d, { ...doc, identificatie: uniqueId('W') }, '1.2'), 'Bv03Bericht');
        await expect(lezen(d, doc.identificatie, '1.2'), /^(geefZaakdocumentLezen_EdcLa01|edcLa01)$/);
        await expect(lijst(d, zaakId, '1.2'), /^(geefLijstZaakdocumenten_ZakLa01|zakLa01)$/);
        const uit = await expect(bewerken(d, doc.identificatie, '1.2'), /^geefZaakdocument[bB]ewerken_Du02$/);
        const [id1] = xq(uit.text, `/*/*[local-name()="Body"]/*/${VRIJ[d]}:parameters/${VRIJ[d]}:checkedOutId`);
        await expect(bijwerken(d, doc.identificatie, id1, 'Nieuw', Buffer.from('v2'), '1.2'), 'Bv02Bericht');
        const weer = await expect(bewerken(d, doc.identificatie, '1.2'), /^geefZaakdocument[bB]ewerken_Du02$/);
        const [id2] = xq(weer.text, `/*/*[local-name()="Body"]/*/${VRIJ[d]}:parameters/${VRIJ[d]}:checkedOutId`);
        await expect(annuleren(d, doc.identificatie, id2, '1.2'), 'Bv02Bericht');
        if (d === '1.2') await expect(ontkoppelen(doc.identificatie, zaakId, '1.2'), 'Bv02Bericht');
        const f = await send(bewerken(d, uniqueId('Z'), '1.2'), d, '1.2');
        assert.equal(f.status, 500);
        assert.equal(envelopeNs(f.text), NS.SOAP12);
        assert.equal(f.code, 'StUF064');
      });

      it('SOAP 1.2: voegZaakdocumentToe and geefZaakdocumentLezen round trip in SOAP 1.2 envelopes', async () => {
        const zaakId = await newZaak();
        const identificatie = uniqueId('S');
        const bytes = Buffer.from('SOAP 1.2 inhoud: Zoë’s brief\r\n', 'utf8');
        const m = documentToevoegen(d, { identificatie, zaak: zaakId, bytes, contentType: 'text/plain', bestandsnaam: 'soap12.txt' }, '1.2');
        const bv = await ok(m, d, '1.2');
        assert.equal(envelopeNs(bv.text), NS.SOAP12);
        assert.match(bv.contentType, /application\/soap\+xml/);
        const a = await readBack(d, identificatie, '1.2');
        assert.equal(envelopeNs(a.text), NS.SOAP12);
        assert.match(a.contentType, /application\/soap\+xml/);
        const c = inhoud(a.text);
        assert.equal(c.bestandsnaam, 'soap12.txt');
        assert.equal(c.contentType, 'text/plain');
        assert.ok(c.bytes.equals(bytes));
      });
    });
  }
});

describe('document size limit (STUF_MAX_DOCUMENT_BYTES)', () => {
  let srv: RunningServer;
  before(async () => {
    srv = await startTestServer({ STUF_MAX_DOCUMENT_BYTES: '1000' });
  });
  after(async () => srv.close());

  it('a larger document gets a Fo03 before anything is stored; one at the limit is stored', async () => {
    const zaakId = uniqueId('0999D');
    const z = creeer(zaakId);
    assert.equal((await post(`${srv.url}/soap`, z.action, z.xml)).status, 200);
    const te = uniqueId('M');
    const a = await post(`${srv.url}/soap`, REQUEST.voeg['1.2'][1], documentToevoegen('1.2', { identificatie: te, zaak: zaakId, bytes: Buffer.alloc(1001, 0x61) }).xml);
    assert.equal(a.status, 500);
    assert.equal(assertValidAnswer(srv, a.text, 'zds-1.2').name, 'Fo03Bericht');
    assert.equal(faultCode(a.text), 'StUF058');
    assert.match(textOf(a.text, 'details') ?? '', /1001 bytes.*maximum is 1000/);
    assert.equal(await srv.gateway.db('document').where({ identificatie: te }).first(), undefined);
    const precies = uniqueId('M');
    const b = await post(`${srv.url}/soap`, REQUEST.voeg['1.2'][1], documentToevoegen('1.2', { identificatie: precies, zaak: zaakId, bytes: Buffer.alloc(1000, 0x62) }).xml);
    assert.equal(b.status, 200, b.text);
  });
});

describe('a 100 MB document', () => {
  // The gateway runs in its own process, so that its peak RSS can be read (recorded, not asserted: the
  // benchmark carries the memory targets).
  let gw: GatewayProcess;
  let url: string;
  let dir: string;
  const vmHwmMb = () => gw.rssMb().peak;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'groot-'));
    const db = DATABASE_URL.startsWith('postgres') ? DATABASE_URL : `sqlite:${path.join(dir, 'groot.db')}`;
    gw = await startGatewayProcess({ DATABASE_URL: db });
    url = gw.url;
  });
  after(() => {
    gw?.proc.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is stored and read back with the same sha256', async (t) => {
    const bytes = Buffer.alloc(100 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i += 4096) bytes.writeUInt32LE((i * 2654435761) >>> 0, i); // not all zeros
    const sha = createHash('sha256').update(bytes).digest('hex');
    const zaakId = uniqueId('0999G');
    const z = creeer(zaakId);
    assert.equal((await post(`${url}/soap`, z.action, z.xml)).status, 200);
    const rssStart = vmHwmMb();
    const identificatie = uniqueId('G');
    const toevoegen = await post(`${url}/soap`, REQUEST.voeg['1.2'][1], documentToevoegen('1.2', { identificatie, zaak: zaakId, bytes, contentType: 'application/octet-stream', bestandsnaam: 'groot.bin' }).xml);
    assert.equal(toevoegen.status, 200, toevoegen.text.slice(0, 2000));
    const rssNaToevoegen = vmHwmMb();
    const lees = await post(`${url}/soap`, REQUEST.lezen['1.2'][1], lezen('1.2', identificatie).xml);
    assert.equal(lees.status, 200, lees.text.slice(0, 2000));
    const base64 = lees.text.match(/<ZKN:inhoud[^>]*>([^<]*)<\/ZKN:inhoud>/)?.[1] ?? '';
    assert.equal(createHash('sha256').update(Buffer.from(base64, 'base64')).digest('hex'), sha);
    t.diagnostic(`gateway peak RSS (VmHWM): ${rssStart} MB before, ${rssNaToevoegen} MB after storing, ${vmHwmMb()} MB after reading back 100 MB`);
  });
});
