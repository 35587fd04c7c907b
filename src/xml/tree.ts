// A plain, namespace-resolved copy of a (validated) StUF message. Operations read this tree any number of
// times, and stored betrokkenen/zaakobjecten keep their sub-trees in this form so that answers can re-render
// them. It is built by one walk over libxml2's own node structs: going through the DOM wrapper objects
// (one object per node and attribute access) cost three times as much as parsing and validating.
import type { XmlElement } from 'libxml2-wasm';
import { XmlNamedNodeStruct as Named, XmlNodeStruct as Node, XmlNsStruct as Ns, XmlTreeCommonStruct as Tree, xmlNodeGetContent } from 'libxml2-wasm/lib/libxml2.mjs';
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

/** Names and namespace URIs live in the document's dictionary: decode each pointer once per walk. */
class Strings {
  private readonly names = new Map<number, string>();
  private readonly uris = new Map<number, string>();
  name(ptr: number): string {
    let s = this.names.get(ptr);
    if (s === undefined) this.names.set(ptr, (s = Tree.name_(ptr)));
    return s;
  }
  uri(nsPtr: number): string {
    if (!nsPtr) return '';
    let s = this.uris.get(nsPtr);
    if (s === undefined) this.uris.set(nsPtr, (s = Ns.href(nsPtr)));
    return s;
  }
}

function walk(ptr: number, s: Strings): XNode {
  const attrs: Record<string, string> = {};
  for (let a = Node.properties(ptr); a; a = Tree.next(a)) {
    const ns = s.uri(Named.namespace(a));
    const local = s.name(a);
    attrs[ns ? `${PREFIX_OF[ns] ?? ns}:${local}` : local] = xmlNodeGetContent(a);
  }
  const children: XNode[] = [];
  let text = '';
  for (let c = Tree.children(ptr); c; c = Tree.next(c)) {
    const type = Tree.type(c);
    if (type === ELEMENT) children.push(walk(c, s));
    else if (type === TEXT || type === CDATA) text += xmlNodeGetContent(c);
  }
  const uri = s.uri(Named.namespace(ptr));
  return { ns: PREFIX_OF[uri] ?? uri, name: s.name(ptr), attrs, children, text: children.length ? '' : text };
}

export function toTree(el: XmlElement): XNode {
  return walk((el as unknown as { _nodePtr: number })._nodePtr, new Strings());
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
