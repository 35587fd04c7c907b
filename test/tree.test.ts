// The message tree (src/xml/tree.ts) reads libxml2's structs straight from wasm memory. This test builds the
// same tree through libxml2-wasm's public DOM API and compares both for every message of the corpus, so a
// libxml2-wasm release with another memory layout fails here rather than in production.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XmlCData, XmlElement, XmlText } from 'libxml2-wasm';
import { parseEnvelope } from '../src/soap/envelope.ts';
import { PREFIX_OF } from '../src/xml/namespaces.ts';
import { toTree, type XNode } from '../src/xml/tree.ts';
import { loadManifest, readRequest } from '../src/conformance/manifest.ts';

const prefix = (uri: string) => (uri ? PREFIX_OF[uri] ?? uri : '');

function viaDom(el: XmlElement): XNode {
  const attrs: Record<string, string> = {};
  for (const a of el.attrs) attrs[a.namespaceUri ? `${prefix(a.namespaceUri)}:${a.name}` : a.name] = a.value;
  const children: XNode[] = [];
  let text = '';
  for (let c = el.firstChild; c; c = c.next) {
    if (c instanceof XmlElement) children.push(viaDom(c));
    else if (c instanceof XmlText || c instanceof XmlCData) text += c.content;
  }
  return { ns: prefix(el.namespaceUri), name: el.name, attrs, children, text: children.length ? '' : text };
}

describe('message tree', () => {
  it('equals the tree built through the public DOM for every corpus message', () => {
    let n = 0;
    const m = loadManifest();
    for (const f of m.files) {
      if (f.set !== 'public') continue; // requests and expected answers alike
      let env;
      try {
        env = parseEnvelope(readRequest(m, f));
      } catch {
        continue; // not well-formed on purpose (fault cases)
      }
      try {
        assert.deepEqual(toTree(env.body), viaDom(env.body), f.id);
        n++;
      } finally {
        env.doc.dispose();
      }
    }
    assert.ok(n > 300, `only ${n} messages compared`);
  });

  it('decodes non-ASCII text, character references, CDATA and attribute values', () => {
    const xml = '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><a xmlns="urn:x" xmlns:b="urn:y" b:k="Zo&#235;\u2019s">' +
      '<c>caf\u00e9 &amp; &lt;thee&gt;</c><d><![CDATA[<raw>]]></d><e/></a></s:Body></s:Envelope>';
    const env = parseEnvelope(Buffer.from(xml));
    try {
      const t = toTree(env.body);
      assert.deepEqual(t, viaDom(env.body));
      assert.equal(t.attrs['urn:y:k'], 'Zo\u00eb\u2019s');
      assert.equal(t.children[0].text, 'caf\u00e9 & <thee>');
      assert.equal(t.children[1].text, '<raw>');
    } finally {
      env.doc.dispose();
    }
  });
});
