// What the audit log records of an answer (getoond) and what the message log keeps of a message (verhuld, zonderBsn):
// both are scans on every message, so they are written as indexOf/digit scans; these tests pin their meaning.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getoond } from '../src/audit/audit.ts';
import { isBsn, verhuld, zonderBsn } from '../src/audit/verhullen.ts';

describe('getoond: the zaken, documents and BSNs an answer shows', () => {
  it('reads BSNs from inp.bsn start tags with any prefix or none, each once', () => {
    const a = '<ZKN:object StUF:entiteittype="ZAK"><ZKN:identificatie>Z1</ZKN:identificatie><BG:inp.bsn>999999990</BG:inp.bsn>' +
      '<inp.bsn> 123456782 </inp.bsn><x:inp.bsn>999999990</x:inp.bsn></ZKN:object>';
    assert.deepEqual(getoond(a), { zaken: ['Z1'], documenten: [], bsns: ['999999990', '123456782'] });
  });
  it('ignores what is not a start tag or not nine digits, and answers without BSN or document', () => {
    assert.equal(getoond('<a>999999990</a><BG:inp.bsnX>999999990</BG:inp.bsnX><BG:inp.bsn>12345678</BG:inp.bsn>'), undefined);
    assert.equal(getoond('</BG:inp.bsn>999999990<'), undefined, 'a closing tag followed by digits is no BSN element');
  });
  it('reads documents (EDC objects) and the ZAK objects of the answer', () => {
    const a = '<ZKN:object StUF:entiteittype="ZAK" StUF:sleutelVerzendend="1"> <ZKN:identificatie>Z2</ZKN:identificatie>' +
      '<ZKN:heeftRelevant><ZKN:gerelateerde StUF:entiteittype="EDC"><ZKN:identificatie>D1</ZKN:identificatie></ZKN:gerelateerde></ZKN:heeftRelevant>' +
      '<ZKN:gerelateerde StUF:entiteittype="ZAK"><ZKN:identificatie>Z3</ZKN:identificatie></ZKN:gerelateerde></ZKN:object>';
    assert.deepEqual(getoond(a), { zaken: ['Z2'], documenten: ['D1'], bsns: [] }, 'a gerelateerde ZAK is a link, not a zaak shown');
  });
});

describe('zonderBsn and verhuld: the message log keeps no BSN and no document content', () => {
  it('masks nine digits that pass the elfproef, alone or as 11 + BSN, and nothing else', () => {
    assert.ok(isBsn('999999990') && !isBsn('999999991'));
    assert.equal(zonderBsn('<a>999999990</a> 11999999990 x999999990y'), '<a>*********</a> 11********* x*********y');
    assert.equal(zonderBsn('999999991 1999999990 99999999011 0000000000 12345678'), '999999991 1999999990 99999999011 0000000000 12345678');
    assert.equal(zonderBsn('999999990999999990'), '999999990999999990', 'eighteen digits are no BSN');
  });
  it('replaces document content by its length', () => {
    assert.equal(verhuld('<ZKN:inhoud xmime:contentType="text/plain">SGFsbG8=</ZKN:inhoud><inhoud>abc</inhoud>'),
      '<ZKN:inhoud xmime:contentType="text/plain">[inhoud weggelaten, 8 tekens]</ZKN:inhoud><inhoud>[inhoud weggelaten, 3 tekens]</inhoud>');
    assert.equal(verhuld('<a>geen</a>'), '<a>geen</a>');
  });
});
