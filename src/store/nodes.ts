// How StUF sub-trees (XNode) are kept in the store: compact JSON arrays [name, prefix, attrs?, children|text].
// Plain JSON of XNode repeated keys and empty objects on every leaf and made the rows (and the commit) ~3x larger.
import type { XNode } from '../xml/tree.ts';

type Encoded = [name: string, ns: string, attrs: Record<string, string> | 0, content: Encoded[] | string];

function enc(n: XNode): Encoded {
  return [n.name, n.ns, Object.keys(n.attrs).length ? n.attrs : 0, n.children.length ? n.children.map(enc) : n.text];
}

function dec(e: Encoded): XNode {
  const [name, ns, attrs, content] = e;
  return typeof content === 'string'
    ? { ns, name, attrs: attrs || {}, children: [], text: content }
    : { ns, name, attrs: attrs || {}, children: content.map(dec), text: '' };
}

export const encodeNode = (n: XNode): string => JSON.stringify(enc(n));
export const decodeNode = (s: string): XNode => dec(JSON.parse(s) as Encoded);

/** A list of attribute elements (EDC, BSL) as one JSON array. */
export const encodeNodes = (list: XNode[]): string => JSON.stringify(list.map(enc));
export const decodeNodes = (s: string): XNode[] => (JSON.parse(s) as Encoded[]).map(dec);

/** Sorts attribute elements into the XSD sequence `names` (answers follow it); unknown names go last. */
export function xsdVolgorde(names: readonly string[]): (a: XNode[]) => XNode[] {
  const order = new Map<string, number>(names.map((n, i) => [n, i]));
  return (a) => [...a].sort((x, y) => (order.get(x.name) ?? 99) - (order.get(y.name) ?? 99));
}

/** The zaak row's content: attribute elements in XSD order and the isVan relation as sent. */
export interface ZaakContent {
  a: XNode[];
  isVan?: XNode;
}

export const encodeContent = (c: ZaakContent): string => JSON.stringify({ a: c.a.map(enc), isVan: c.isVan && enc(c.isVan) });
export function decodeContent(s: string): ZaakContent {
  const raw = JSON.parse(s) as { a: Encoded[]; isVan?: Encoded };
  return { a: raw.a.map(dec), isVan: raw.isVan && dec(raw.isVan) };
}
