// Unit tests of the StUF layer: stuurgegevens, faults, noValue, dates, dispatch. No I/O.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XmlDocument } from 'libxml2-wasm';
import { dispatch } from '../src/soap/dispatch.ts';
import { soapActionOf, trimLeading, parseEnvelope, wrapFault } from '../src/soap/envelope.ts';
import { A11, A12 } from '../src/stuf/dialect.ts';
import { isTijdstip, sortableTijdstip, tijdstip, datum } from '../src/stuf/datum.ts';
import { StufError } from '../src/stuf/errors.ts';
import { foBericht, foTypeOf } from '../src/stuf/reply.ts';
import { answerStuurgegevens, readStuurgegevens, zenderKey } from '../src/stuf/stuurgegevens.ts';
import { NS } from '../src/xml/namespaces.ts';
import { toTree, value, isNil, textAt } from '../src/xml/tree.ts';
import { esc, nil, renderTree } from '../src/xml/writer.ts';

const tree = (xml: string) => {
  const doc = XmlDocument.fromString(xml);
  try {
    return toTree(doc.root);
  } finally {
    doc.dispose();
  }
};

describe('stuurgegevens', () => {
  const msg = tree(`<x:zakLv01 xmlns:x="${NS.ZKN}" xmlns:s="${NS.StUF}"><x:stuurgegevens><s:berichtcode>Lv01</s:berichtcode>
    <s:zender><s:organisatie>0999</s:organisatie><s:applicatie>WMO</s:applicatie><s:gebruiker/></s:zender>
    <s:ontvanger><s:applicatie>ZKM</s:applicatie></s:ontvanger><s:referentienummer>R-1</s:referentienummer>
    <s:tijdstipBericht>20240101120000</s:tijdstipBericht><s:entiteittype>ZAK</s:entiteittype></x:stuurgegevens></x:zakLv01>`);

  it('reads every field whatever the prefixes', () => {
    const sg = readStuurgegevens(msg);
    assert.equal(sg.berichtcode, 'Lv01');
    assert.equal(sg.zender?.applicatie, 'WMO');
    assert.equal(sg.zender?.organisatie, '0999');
    assert.equal(sg.zender?.gebruiker, '');
    assert.equal(sg.referentienummer, 'R-1');
    assert.equal(sg.entiteittype, 'ZAK');
    assert.equal(zenderKey(sg.zender), '0999/WMO//');
  });

  it('answers with zender and ontvanger swapped and crossRefnummer = referentienummer, in XSD order', () => {
    const xml = answerStuurgegevens('StUF:stuurgegevens', 'Bv03', readStuurgegevens(msg), { applicatie: 'GW' });
    const order = [...xml.matchAll(/<StUF:(\w+)>/g)].map((m) => m[1]).filter((n) => !['organisatie', 'applicatie', 'administratie', 'gebruiker'].includes(n));
    assert.deepEqual(order, ['stuurgegevens', 'berichtcode', 'zender', 'ontvanger', 'referentienummer', 'tijdstipBericht', 'crossRefnummer']);
    assert.match(xml, /<StUF:zender><StUF:applicatie>ZKM<\/StUF:applicatie><\/StUF:zender>/);
    assert.match(xml, /<StUF:ontvanger><StUF:organisatie>0999<\/StUF:organisatie><StUF:applicatie>WMO<\/StUF:applicatie><\/StUF:ontvanger>/);
    assert.match(xml, /<StUF:crossRefnummer>R-1<\/StUF:crossRefnummer>/);
    assert.ok((xml.match(/<StUF:referentienummer>([^<]+)/)?.[1].length ?? 99) <= 40, 'referentienummer fits StUF (40)');
  });
});

describe('faults', () => {
  it('Lv01 and Di02 fault with Fo02, Lk01/Di01/Du01 with Fo03', () => {
    assert.equal(foTypeOf('Lv01'), 'Fo02');
    assert.equal(foTypeOf('Di02'), 'Fo02');
    assert.equal(foTypeOf('Lk01'), 'Fo03');
    assert.equal(foTypeOf('Di01'), 'Fo03');
    assert.equal(foTypeOf(undefined, 'geefZaakdetails_ZakLv01'), 'Fo02');
    assert.equal(foTypeOf(undefined, 'zakLk01'), 'Fo03');
  });

  it('Fo02 stuurgegevens hold only the berichtcode; Fo03 the full set', () => {
    const err = new StufError('StUF064', 'Zaak X bestaat niet');
    const fo2 = foBericht('Fo02', err, { referentienummer: 'R', zender: { applicatie: 'ABC' } }, { applicatie: 'GW' });
    assert.match(fo2, /<StUF:stuurgegevens><StUF:berichtcode>Fo02<\/StUF:berichtcode><\/StUF:stuurgegevens>/);
    const fo3 = foBericht('Fo03', err, { referentienummer: 'R', zender: { applicatie: 'ABC' } }, { applicatie: 'GW' });
    assert.match(fo3, /<StUF:crossRefnummer>R<\/StUF:crossRefnummer>/);
    assert.match(fo3, /<StUF:code>StUF064<\/StUF:code><StUF:plek>server<\/StUF:plek>/);
  });

  it('plek follows the code: client errors are soapenv:Client, SOAP 1.2 Sender', () => {
    assert.equal(new StufError('StUF055').plek, 'client');
    assert.equal(new StufError('StUF058').plek, 'server');
    assert.match(wrapFault('1.1', 'client', 'x', '<d/>'), /<faultcode>soapenv:Client<\/faultcode>/);
    assert.match(wrapFault('1.2', 'client', 'x', '<d/>'), /<soapenv:Value>soapenv:Sender<\/soapenv:Value>/);
  });

  it('details are cut to the 1000 characters StUF allows', () => {
    assert.equal(new StufError('StUF058', 'x'.repeat(5000)).details?.length, 1000);
  });
});

describe('noValue and xsi:nil', () => {
  const obj = tree(`<Z:object xmlns:Z="${NS.ZKN}" xmlns:S="${NS.StUF}" xmlns:i="${NS.xsi}">
    <Z:einddatum S:noValue="geenWaarde" i:nil="true"/><Z:omschrijving S:noValue="geenWaarde">waarde wint</Z:omschrijving><Z:toelichting/></Z:object>`);
  it('a nil element has no value; a value sent with noValue wins; empty is the empty string', () => {
    assert.ok(isNil(obj.children[0]));
    assert.equal(value(obj.children[0]), undefined);
    assert.equal(textAt(obj, 'omschrijving'), 'waarde wint');
    assert.equal(textAt(obj, 'toelichting'), '');
  });
  it('renders nil with noValue and round-trips attributes with canonical prefixes', () => {
    assert.equal(nil('ZKN:einddatum'), '<ZKN:einddatum StUF:noValue="geenWaarde" xsi:nil="true"/>');
    assert.equal(renderTree(obj.children[0]), '<ZKN:einddatum StUF:noValue="geenWaarde" xsi:nil="true"/>');
    assert.equal(esc('a<b & "c"'), 'a&lt;b &amp; &quot;c&quot;');
  });
});

describe('dates', () => {
  it('formats Datum and Tijdstip the StUF way (not ISO)', () => {
    const d = new Date(2024, 2, 5, 7, 8, 9, 10);
    assert.equal(tijdstip(d), '20240305070809010');
    assert.equal(datum(d), '20240305');
    assert.ok(isTijdstip('20240305') && isTijdstip('20240305070809') && !isTijdstip('2024-03-05'));
    assert.equal(sortableTijdstip('20240305'), '20240305000000000');
  });
});

describe('envelope', () => {
  it('trims a BOM and whitespace before <?xml', () => {
    assert.equal(trimLeading(Buffer.from('\ufeff\n  <?xml version="1.0"?><a/>')).toString(), '<?xml version="1.0"?><a/>');
  });
  it('reads SOAPAction quoted, unquoted, and from the SOAP 1.2 content type', () => {
    assert.equal(soapActionOf({ soapaction: '"urn:a"' }), 'urn:a');
    assert.equal(soapActionOf({ soapaction: 'urn:a' }), 'urn:a');
    assert.equal(soapActionOf({ 'content-type': 'application/soap+xml; charset=utf-8; action="urn:b"' }), 'urn:b');
    assert.equal(soapActionOf({}), '');
  });
  it('refuses a DOCTYPE (no entity expansion, no external DTD)', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]><soapenv:Envelope xmlns:soapenv="${NS.SOAP11}"><soapenv:Body><a>&x;</a></soapenv:Body></soapenv:Envelope>`;
    assert.throws(() => parseEnvelope(Buffer.from(xxe)), (e: StufError) => e.code === 'StUF055');
  });
  it('refuses what is not a SOAP envelope or not well-formed', () => {
    assert.throws(() => parseEnvelope(Buffer.from('<a/>')), (e: StufError) => e.code === 'StUF055');
    assert.throws(() => parseEnvelope(Buffer.from('<a>')), (e: StufError) => e.code === 'StUF055');
  });
});

describe('dispatch', () => {
  it('routes a ZDS 1.1 zakLk01 by SOAPAction: one root, three services', () => {
    assert.equal(dispatch({}, `${A11}creeerZaak_Lk01`, NS.ZKN, 'zakLk01').operation, 'creeerZaak');
    assert.equal(dispatch({}, `${A11}updateZaak_Lk01`, NS.ZKN, 'zakLk01').operation, 'updateZaak');
    assert.equal(dispatch({}, `${A11}actualiseerZaakstatus_Lk01`, NS.ZKN, 'zakLk01').operation, 'actualiseerZaakstatus');
  });
  it('resolves an empty SOAPAction from an unambiguous root', () => {
    const r = dispatch({}, '', NS.ZDS, 'creeerZaak_ZakLk01');
    assert.equal(r.operation, 'creeerZaak');
    assert.equal(r.dialect, 'zds-1.2');
    assert.equal(dispatch({}, '', NS.ZKN, 'genereerZaakIdentificatie_Di02').dialect, 'zds-1.1');
  });
  it('treats a bare generic ZKN root without SOAPAction as the plain StUF-ZKN message', () => {
    const r = dispatch({}, '', NS.ZKN, 'zakLv01');
    assert.equal(r.operation, 'zakLv01');
    assert.equal(r.dialect, 'stuf-zkn');
  });
  it('answers an unknown SOAPAction and a SOAPAction/root mismatch with StUF040, never a guess', () => {
    assert.throws(() => dispatch({}, `${A11}irrelevant`, NS.ZKN, 'zakLk01'), (e: StufError) => e.code === 'StUF040');
    assert.throws(() => dispatch({}, `${A12}creeerZaak_ZakLk01`, NS.ZDS, 'updateZaak_ZakLk01'), (e: StufError) => e.code === 'StUF040');
    assert.throws(() => dispatch({}, '', NS.ZKN, 'onbekend'), (e: StufError) => e.code === 'StUF040');
  });
  it('accepts a 1.1/1.2 crossover naming the same service', () => {
    assert.equal(dispatch({}, `${A11}creeerZaak_Lk01`, NS.ZDS, 'creeerZaak_ZakLk01').dialect, 'zds-1.2');
  });
  it('refuses an operation on the wrong port', () => {
    assert.throws(() => dispatch({ port: 'vraag' }, `${A12}creeerZaak_ZakLk01`, NS.ZDS, 'creeerZaak_ZakLk01'), (e: StufError) => e.code === 'StUF040');
  });
  it('knows both spellings of geefZaakdocumentbewerken in 1.2', () => {
    assert.equal(dispatch({}, `${A12}geefZaakdocumentbewerken_Di02`, NS.ZDS, 'geefZaakdocumentBewerken_Di02').operation, 'geefZaakdocumentbewerken');
  });
});
