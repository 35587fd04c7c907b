// Large inhoud texts are cut out of a request before parsing (src/soap/bijlagen.ts) and decoded part by part
// (src/store/inhoud.ts). These tests pin down what is cut, what is left to the parser, and the decoding.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { knipInhoud } from '../src/soap/bijlagen.ts';
import { antwoordDelen } from '../src/soap/bijlagen.ts';
import { base64Delen, base64Lengte, base64Stroom } from '../src/store/inhoud.ts';

const groot = Buffer.alloc(200_000, 7).toString('base64'); // > 64 KiB of base64
const wrap = (inner: string) => Buffer.from(`<?xml version="1.0"?><s:Envelope xmlns:s="x"><s:Body>${inner}</s:Body></s:Envelope>`);

describe('bijlagen: large inhoud cut out before parsing', () => {
  it('cuts prefixed and unprefixed inhoud elements and leaves a base64 token in their place', () => {
    const { xml, bijlagen } = knipInhoud(wrap(`<ZKN:inhoud StUF:bestandsnaam="a.pdf">${groot}</ZKN:inhoud><inhoud>${groot}</inhoud>`));
    assert.equal(bijlagen.size, 2);
    const tokens = [...xml.toString().matchAll(/<(?:\w+:)?inhoud[^>]*>([^<]*)</g)].map((m) => m[1]);
    assert.deepEqual(tokens, [...bijlagen.keys()]);
    for (const t of tokens) assert.match(t, /^[A-Za-z0-9]{16}$/);
    for (const b of bijlagen.values()) assert.equal('base64' in b && b.base64.toString('latin1'), groot);
    assert.ok(xml.length < 1000);
  });

  it('leaves small content, self-closing elements, other element names and character references to the parser', () => {
    for (const inner of [`<ZKN:inhoud>${groot.slice(0, 1000)}</ZKN:inhoud><x>${groot}</x>`, `<ZKN:inhoud/>${groot}`,
      `<ZKN:inhoudsopgave>${groot}</ZKN:inhoudsopgave>`, `<ZKN:inhoud>${groot}&#13;</ZKN:inhoud>`]) {
      const body = wrap(inner);
      const { xml, bijlagen } = knipInhoud(body);
      assert.equal(bijlagen.size, 0, inner.slice(0, 40));
      assert.equal(xml, body);
    }
  });

  it('decodes line-wrapped base64 part by part to the same bytes, and knows the size beforehand', () => {
    const bytes = Buffer.from(Array.from({ length: 3_000_001 }, (_, i) => (i * 7919) % 256));
    const wrapped = bytes.toString('base64').replace(/.{76}/g, '$&\r\n');
    for (const input of [wrapped, Buffer.from(wrapped, 'latin1')]) {
      const parts = [...base64Delen(input)];
      assert.ok(parts.length > 3, 'more than one part');
      assert.ok(Buffer.concat(parts).equals(bytes));
      assert.equal(base64Lengte(input), bytes.length);
    }
  });
});

describe('bijlagen: stored content streamed into an answer', () => {
  it('encodes parts of any size to the base64 of the whole', async () => {
    const whole = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 31) % 256));
    const sizes = [1, 2, 3, 4, 5, 100, 885];
    async function* parts() {
      let at = 0;
      for (const n of sizes) { yield whole.subarray(at, at + n); at += n; }
    }
    let text = '';
    for await (const s of base64Stroom(parts())) text += s;
    assert.equal(text, whole.toString('base64'));
  });

  it('cuts the answer text at the tokens and knows its exact length', () => {
    const uitgaand = new Map([['TOKEN0000000001', { inhoudId: 7, grootte: 10 }]]);
    const { delen, lengte } = antwoordDelen('<a>é<inhoud>TOKEN0000000001</inhoud></a>', uitgaand);
    assert.deepEqual(delen, ['<a>é<inhoud>', { inhoudId: 7, grootte: 10, vorm: 'base64' }, '</inhoud></a>']);
    assert.equal(lengte, Buffer.byteLength('<a>é<inhoud></inhoud></a>') + 16);
  });
});
