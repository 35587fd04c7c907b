// The message as a plain tree, built by one walk over libxml2's node structs, and the helpers that read it.
import type { XmlElement } from 'libxml2-wasm';
import { XmlNodeSetStruct } from 'libxml2-wasm/lib/libxml2.mjs';
import { PREFIX_OF } from './namespaces.ts';

export interface XNode {
  /** the namespace as its canonical prefix (ZKN, BG, StUF, ...), the URI for another namespace, '' for none */
  ns: string;
  /** local name */
  name: string;
  /** attributes keyed 'StUF:entiteittype', 'xsi:nil', 'xmime:contentType', or the bare name */
  attrs: Record<string, string>;
  children: XNode[];
  /** text content of a leaf element (concatenated text/CDATA children) */
  text: string;
}

const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;

// libxml2's structs read straight from wasm memory (wasm32 offsets; xmlNode and xmlAttr share the first ten
// fields). Calling libxml2-wasm's accessors per field, and xmlNodeGetContent per text (malloc, copy, free),
// cost three times as much (measured: 134 vs 41 µs for an 11.7 KB creeerZaak). test/tree.test.ts compares
// this walk with one over libxml2-wasm's public DOM for every corpus message.
const TYPE = 4;
const NAME = 8;
const CHILDREN = 12;
const NEXT = 24;
const NS = 36;
const CONTENT = 40;
const PROPERTIES = 44;
const NS_HREF = 8;

let memory: ArrayBuffer | undefined;
let i32 = new Int32Array(0);
let u8 = new Uint8Array(0);
let bytes = Buffer.alloc(0);

/**
 * The wasm memory. libxml2-wasm does not export it, but XmlNodeSetStruct.nodeTable(p, 0) returns an empty
 * view on it (for any pointer p). A grown memory detaches the old buffer, so it is fetched again then.
 */
function views(anyPtr: number): void {
  if (memory && memory.byteLength !== 0) return;
  memory = (XmlNodeSetStruct.nodeTable(anyPtr, 0) as Int32Array).buffer as ArrayBuffer;
  i32 = new Int32Array(memory);
  u8 = new Uint8Array(memory);
  bytes = Buffer.from(memory);
}

/** A NUL-terminated UTF-8 string; ASCII (names, most values) takes the cheaper latin1 decoder. */
function cstring(p: number): string {
  let e = p;
  let high = 0;
  for (let c = u8[e]; c !== 0; c = u8[++e]) high |= c;
  return bytes.toString(high < 0x80 ? 'latin1' : 'utf8', p, e);
}

const int = (p: number) => i32[p >> 2];

/** Names and namespace URIs live in the document's dictionary: decode each pointer once per walk. */
class Strings {
  private readonly cache = new Map<number, string>();
  get(p: number): string {
    let s = this.cache.get(p);
    if (s === undefined) this.cache.set(p, (s = cstring(p)));
    return s;
  }
  prefix(nsPtr: number): string {
    if (!nsPtr) return '';
    const uri = this.get(int(nsPtr + NS_HREF));
    return PREFIX_OF[uri] ?? uri;
  }
}

/** Concatenated text/CDATA content of a node's children (an attribute's value, a leaf's text). */
function textOf(first: number): string {
  let text = '';
  for (let c = first; c; c = int(c + NEXT)) {
    const type = int(c + TYPE);
    if ((type === TEXT || type === CDATA) && int(c + CONTENT)) text += cstring(int(c + CONTENT));
  }
  return text;
}

function walk(ptr: number, s: Strings): XNode {
  const attrs: Record<string, string> = {};
  for (let a = int(ptr + PROPERTIES); a; a = int(a + NEXT)) {
    const prefix = s.prefix(int(a + NS));
    const local = s.get(int(a + NAME));
    attrs[prefix ? `${prefix}:${local}` : local] = textOf(int(a + CHILDREN));
  }
  const children: XNode[] = [];
  const first = int(ptr + CHILDREN);
  for (let c = first; c; c = int(c + NEXT)) if (int(c + TYPE) === ELEMENT) children.push(walk(c, s));
  // Only a leaf's text is decoded: whitespace between child elements never is.
  return { ns: s.prefix(int(ptr + NS)), name: s.get(int(ptr + NAME)), attrs, children, text: children.length ? '' : textOf(first) };
}

/**
 * A plain, namespace-resolved copy of a (validated) StUF message. Operations read this tree any number of
 * times, and stored betrokkenen/zaakobjecten keep their sub-trees in this form so that answers can re-render them.
 */
export function toTree(el: XmlElement): XNode {
  const ptr = (el as unknown as { _nodePtr: number })._nodePtr;
  views(ptr);
  return walk(ptr, new Strings());
}

/** First child with this local name (namespace-agnostic: ZKN content sits under ZDS roots and vice versa). */
export function child(node: XNode | undefined, name: string): XNode | undefined {
  return node?.children.find((c) => c.name === name);
}

export function kids(node: XNode | undefined, name: string): XNode[] {
  return node ? node.children.filter((c) => c.name === name) : [];
}

/** Follows a path of local names. */
export function at(node: XNode | undefined, ...path: string[]): XNode | undefined {
  let n = node;
  for (const p of path) n = child(n, p);
  return n;
}

export function isNil(node: XNode | undefined): boolean {
  return !!node && (node.attrs['xsi:nil'] === 'true' || node.attrs['xsi:nil'] === '1');
}

/**
 * The value of a leaf. A nil element has none; production clients send a value together with
 * StUF:noValue="geenWaarde", in which case the value wins (guide §7.6).
 */
export function value(node: XNode | undefined): string | undefined {
  if (!node || isNil(node)) return undefined;
  if (node.text === '' && node.attrs['StUF:noValue']) return undefined;
  return node.text;
}

export function textAt(node: XNode | undefined, ...path: string[]): string | undefined {
  return value(at(node, ...path));
}

export const stuf = (node: XNode | undefined, attr: string): string | undefined => node?.attrs[`StUF:${attr}`];
