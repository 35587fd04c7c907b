// A plain, namespace-resolved copy of a (validated) StUF message. Reading the libxml2 DOM costs a
// wasm call per node access; operations read this tree instead, any number of times, and stored
// betrokkenen/zaakobjecten keep their sub-trees in this form so that answers can re-render them.
import { XmlElement, XmlText, XmlCData, type XmlTreeNode } from 'libxml2-wasm';
import { PREFIX_OF } from './namespaces.ts';

export interface XNode {
  /** namespace URI ('' for none) */
  ns: string;
  /** local name */
  name: string;
  /** attributes keyed 'StUF:entiteittype', 'xsi:nil', 'xmime:contentType', or the bare name */
  attrs: Record<string, string>;
  children: XNode[];
  /** text content of a leaf element (concatenated text/CDATA children) */
  text: string;
}

export function toTree(el: XmlElement): XNode {
  const attrs: Record<string, string> = {};
  for (const a of el.attrs) {
    const ns = (a as unknown as { namespaceUri: string }).namespaceUri;
    const local = (a as unknown as { name: string }).name;
    attrs[ns ? `${PREFIX_OF[ns] ?? ns}:${local}` : local] = a.value;
  }
  const children: XNode[] = [];
  let text = '';
  for (let c: XmlTreeNode | null = el.firstChild; c; c = c.next) {
    if (c instanceof XmlElement) children.push(toTree(c));
    else if (c instanceof XmlText || c instanceof XmlCData) text += c.content;
  }
  return { ns: el.namespaceUri, name: el.name, attrs, children, text: children.length ? '' : text };
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
