// Typed string templates for answers. Faster than a generic object-to-XML builder and it keeps
// element order, prefixes and xsi:nil exactly as the XSD wants them.
import type { XNode } from './tree.ts';
import { PREFIXES } from './namespaces.ts';

/** The element name as we write it: canonical prefix, or none for a foreign namespace. */
export const qname = (node: XNode): string => (PREFIXES.has(node.ns) ? `${node.ns}:${node.name}` : node.name);

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
export const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => ESC[c]);

export type Attrs = Record<string, string | undefined>;

function attrString(attrs?: Attrs): string {
  if (!attrs) return '';
  let s = '';
  for (const k in attrs) if (attrs[k] !== undefined) s += ` ${k}="${esc(attrs[k] as string)}"`;
  return s;
}

/** An element with text content; nothing when the value is undefined. */
export function leaf(name: string, v: string | number | undefined | null, attrs?: Attrs): string {
  if (v === undefined || v === null) return '';
  return `<${name}${attrString(attrs)}>${esc(String(v))}</${name}>`;
}

/** An element with (already rendered) children; `always` renders it even when empty. */
export function el(name: string, attrs: Attrs | undefined, ...content: string[]): string {
  return `<${name}${attrString(attrs)}>${content.join('')}</${name}>`;
}

/** xsi:nil with StUF:noValue, the StUF way to say "no value" in an answer. */
export function nil(name: string, noValue = 'geenWaarde', attrs?: Attrs): string {
  return `<${name}${attrString(attrs)} StUF:noValue="${noValue}" xsi:nil="true"/>`;
}

/**
 * Re-renders a stored sub-tree. Prefixes come from the namespace URI; attributes that only belong in
 * kennisgevingen (verwerkingssoort) are dropped by the `omitAttr` filter.
 */
export function renderTree(node: XNode, omitAttr: (key: string) => boolean = () => false, keep?: (n: XNode, depth: number) => boolean, depth = 0): string {
  const name = qname(node);
  let attrs = '';
  for (const k in node.attrs) if (!omitAttr(k)) attrs += ` ${k}="${esc(node.attrs[k])}"`;
  const inner = node.children.length
    ? node.children.filter((c) => !keep || keep(c, depth + 1)).map((c) => renderTree(c, omitAttr, keep, depth + 1)).join('')
    : esc(node.text);
  return inner === '' ? `<${name}${attrs}/>` : `<${name}${attrs}>${inner}</${name}>`;
}
