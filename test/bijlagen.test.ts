// Large inhoud texts are cut out of a request before parsing (src/soap/bijlagen.ts) and decoded part by part
// (src/store/inhoud.ts). These tests pin down what is cut, what is left to the parser, and the decoding.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { knipInhoud } from '../src/soap/bijlagen.ts';
import { antwoordDelen } from '../src/soap/bijlagen.ts';
import { leesMtom } from '../src/soap/mtom.ts';
import type { StufError } from '../src/stuf/errors.ts';
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

describe('bijlagen: MTOM requests', () => {
  const boundary = 'b1';
  const part = (headers: string, body: Buffer | string) => Buffer.concat([Buffer.from(`\r\n--${boundary}\r\n${headers}\r\n\r\n`), Buffer.from(body)]);
  const envelope = '<s:Envelope xmlns:s="x"><s:Body><a><inhoud><xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include" href="cid:een%40x"/></inhoud>' +
    '<inhoud><inc:Include xmlns:inc="http://www.w3.org/2004/08/xop/include" href="cid:twee@x"></inc:Include></inhoud></a></s:Body></s:Envelope>';
  const ct = `multipart/related; type="application/xop+xml"; boundary="${boundary}"; start="<root@x>"`;
  const bytes = Buffer.from([0, 1, 2, 0x0d, 0x0a, 0x2d, 0x2d, 255]);

  it('replaces each xop:Include by a token; binary and base64-encoded parts both give the bytes', () => {
    const body = Buffer.concat([part('Content-ID: <root@x>\r\nContent-Type: application/xop+xml', envelope),
      part('Content-ID: <een@x>\r\nContent-Type: application/pdf', bytes),
      part('Content-ID: <twee@x>\r\nContent-Transfer-Encoding: base64', bytes.toString('base64')), Buffer.from(`\r\n--${boundary}--\r\n`)]).subarray(2);
    const { xml, bijlagen } = leesMtom(body, ct);
    const tokens = [...xml.toString().matchAll(/<inhoud>([^<]*)<\/inhoud>/g)].map((m) => m[1]);
    assert.equal(tokens.length, 2);
    const [een, twee] = tokens.map((t) => bijlagen.get(t)!);
    assert.ok('binair' in een && een.binair.equals(bytes) && een.contentType === 'application/pdf');
    assert.ok('base64' in twee && Buffer.from(twee.base64.toString(), 'base64').equals(bytes));
  });

  it('an Include that points at a missing part is StUF055', () => {
    const body = Buffer.concat([part('Content-ID: <root@x>', envelope), Buffer.from(`\r\n--${boundary}--\r\n`)]).subarray(2);
    assert.throws(() => leesMtom(body, ct), (e: StufError) => e.code === 'StUF055' && /ontbreekt/.test(e.details ?? e.message));
  });
});
