// Unit tests for reading StUF scope and selection (no server, no database).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XmlDocument } from 'libxml2-wasm';
import { isAll, messageScope, readScope, sub } from '../src/stuf/scope.ts';
import { isLeeg, readZaakSelectie } from '../src/stuf/selectie.ts';
import { StufError } from '../src/stuf/errors.ts';
import { toTree, type XNode } from '../src/xml/tree.ts';
import { XMLNS } from './helpers.ts';

function tree(xml: string): XNode {
  const doc = XmlDocument.fromString(xml);
  try {
    return toTree(doc.root);
  } finally {
    doc.dispose();
  }
}

const vraag = (inner: string) => tree(`<ZKN:zakLv01 ${XMLNS}>${inner}</ZKN:zakLv01>`);

describe('scope', () => {
  it('reads a tree of asked elements, nested relations included', () => {
    const s = messageScope(vraag(`<ZKN:scope><ZKN:object StUF:entiteittype="ZAK"><ZKN:identificatie xsi:nil="true"/>
      <ZKN:heeftAlsInitiator StUF:entiteittype="ZAKBTRINI"><ZKN:gerelateerde><ZKN:natuurlijkPersoon StUF:entiteittype="NPS"><BG:inp.bsn xsi:nil="true"/></ZKN:natuurlijkPersoon></ZKN:gerelateerde></ZKN:heeftAlsInitiator>
      <ZKN:heeftAlsDeelzaak StUF:entiteittype="ZAKZAKDEL"><ZKN:gerelateerde/></ZKN:heeftAlsDeelzaak></ZKN:object></ZKN:scope>`))!;
    assert.equal(s.keyword, undefined);
    assert.deepEqual([...s.children.keys()], ['identificatie', 'heeftAlsInitiator', 'heeftAlsDeelzaak']);
    const bsn = sub(sub(sub(sub(s, 'heeftAlsInitiator'), 'gerelateerde'), 'natuurlijkPersoon'), 'inp.bsn');
    assert.ok(bsn?.empty);
    assert.equal(sub(s, 'omschrijving'), undefined);
    // an empty complex element (gerelateerde/) means everything we have
    assert.ok(isAll(sub(sub(s, 'heeftAlsDeelzaak'), 'gerelateerde')));
  });

  it('reads StUF:scope keywords, rejects unknown ones and keyword + content (StUF097)', () => {
    assert.equal(messageScope(vraag('<ZKN:scope><ZKN:object StUF:entiteittype="ZAK" StUF:scope="alles"/></ZKN:scope>'))?.keyword, 'alles');
    assert.equal(messageScope(vraag('<ZKN:scope><ZKN:object StUF:entiteittype="ZAK" StUF:scope="kerngegevens"/></ZKN:scope>'))?.keyword, 'kerngegevens');
    assert.ok(isAll(messageScope(vraag('<ZKN:scope><ZKN:object StUF:entiteittype="ZAK" StUF:scope="allesZonderMetagegevens"/></ZKN:scope>'))));
    assert.throws(() => readScope(tree(`<ZKN:object ${XMLNS} StUF:scope="veel"/>`)), (e: unknown) => e instanceof StufError && e.code === 'StUF055');
    assert.throws(() => readScope(tree(`<ZKN:object ${XMLNS} StUF:scope="alles"><ZKN:identificatie/></ZKN:object>`)),
      (e: unknown) => e instanceof StufError && e.code === 'StUF097');
    assert.equal(messageScope(vraag('')), undefined);
  });
});

describe('selectie', () => {
  const ini = (id: string) => `<ZKN:heeftAlsInitiator StUF:entiteittype="ZAKBTRINI"><ZKN:gerelateerde StUF:entiteittype="BTR"><ZKN:identificatie>${id}</ZKN:identificatie></ZKN:gerelateerde></ZKN:heeftAlsInitiator>`;

  it('reads identificatie, zaaktype, open zaken and the initiator BSN conventions', () => {
    const s = readZaakSelectie(vraag(`<ZKN:gelijk StUF:entiteittype="ZAK"><ZKN:identificatie>0999-1</ZKN:identificatie>
      <ZKN:einddatum xsi:nil="true" StUF:noValue="geenWaarde"/>
      <ZKN:isVan StUF:entiteittype="ZAKZKT"><ZKN:gerelateerde StUF:entiteittype="ZKT"><ZKN:code>GZP</ZKN:code></ZKN:gerelateerde></ZKN:isVan>
      ${ini('11999999990')}</ZKN:gelijk>`));
    assert.equal(s.identificatie, '0999-1');
    assert.equal(s.zaaktypeCode, 'GZP');
    assert.equal(s.open, true);
    assert.deepEqual(s.betrokkenen, [{ rol: 'heeftAlsInitiator', bsn: '999999990' }]);
    assert.deepEqual(readZaakSelectie(vraag(`<ZKN:gelijk StUF:entiteittype="ZAK">${ini('999999990')}</ZKN:gelijk>`)).betrokkenen, [{ rol: 'heeftAlsInitiator', bsn: '999999990' }]);
    assert.deepEqual(readZaakSelectie(vraag(`<ZKN:gelijk StUF:entiteittype="ZAK">${ini('mdw-1')}</ZKN:gelijk>`)).betrokkenen, [{ rol: 'heeftAlsInitiator', identificatie: 'mdw-1' }]);
  });

  it('reads a zaakobject person by OBJ identificatie + typering NPS or natuurlijkPersoon/inp.bsn', () => {
    const obj = readZaakSelectie(vraag(`<ZKN:gelijk StUF:entiteittype="ZAK"><ZKN:heeftBetrekkingOp StUF:entiteittype="ZAKOBJ"><ZKN:gerelateerde StUF:entiteittype="OBJ">
      <ZKN:identificatie>111222333</ZKN:identificatie><ZKN:typering>NPS</ZKN:typering></ZKN:gerelateerde></ZKN:heeftBetrekkingOp></ZKN:gelijk>`));
    assert.deepEqual(obj.betrokkenen, [{ rol: 'heeftBetrekkingOp', bsn: '111222333' }]);
    const nps = readZaakSelectie(vraag(`<ZKN:gelijk StUF:entiteittype="ZAK"><ZKN:heeftBetrekkingOp StUF:entiteittype="ZAKOBJ"><ZKN:gerelateerde>
      <ZKN:natuurlijkPersoon StUF:entiteittype="NPS"><BG:inp.bsn>111222333</BG:inp.bsn></ZKN:natuurlijkPersoon></ZKN:gerelateerde></ZKN:heeftBetrekkingOp></ZKN:gelijk>`));
    assert.deepEqual(nps.betrokkenen, [{ rol: 'heeftBetrekkingOp', bsn: '111222333' }]);
  });

  it('reads date ranges, ignores waardeOnbekend criteria, faults on malformed or double criteria', () => {
    const s = readZaakSelectie(vraag(`<ZKN:gelijk StUF:entiteittype="ZAK"><ZKN:omschrijving StUF:noValue="waardeOnbekend" xsi:nil="true"/></ZKN:gelijk>
      <ZKN:vanaf StUF:entiteittype="ZAK"><ZKN:startdatum>20240101</ZKN:startdatum></ZKN:vanaf><ZKN:totEnMet StUF:entiteittype="ZAK"><ZKN:startdatum>20241231</ZKN:startdatum></ZKN:totEnMet>`));
    assert.deepEqual(s.startdatum, { vanaf: '20240101', totEnMet: '20241231' });
    assert.equal(s.omschrijving, undefined);
    assert.ok(!isLeeg(s));
    assert.ok(isLeeg(readZaakSelectie(vraag('<ZKN:gelijk StUF:entiteittype="ZAK"/>'))));
    assert.throws(() => readZaakSelectie(vraag('<ZKN:vanaf StUF:entiteittype="ZAK"><ZKN:startdatum>2024</ZKN:startdatum></ZKN:vanaf>')),
      (e: unknown) => e instanceof StufError && e.code === 'StUF055');
    assert.throws(() => readZaakSelectie(vraag(`<ZKN:gelijk StUF:entiteittype="ZAK"><ZKN:startdatum>20240101</ZKN:startdatum></ZKN:gelijk>
      <ZKN:vanaf StUF:entiteittype="ZAK"><ZKN:startdatum>20240101</ZKN:startdatum></ZKN:vanaf>`)), (e: unknown) => e instanceof StufError && e.code === 'StUF079');
  });

  it('reads heeft/indicatieLaatsteStatus = J as "only the current status", not as a zaak criterion', () => {
    const s = readZaakSelectie(vraag(`<ZKN:gelijk StUF:entiteittype="ZAK"><ZKN:identificatie>0999-1</ZKN:identificatie>
      <ZKN:heeft StUF:entiteittype="ZAKSTT"><ZKN:indicatieLaatsteStatus>J</ZKN:indicatieLaatsteStatus></ZKN:heeft></ZKN:gelijk>`));
    assert.equal(s.alleenLaatsteStatus, true);
    assert.deepEqual(s.genegeerd, []);
  });
});
