// The scope of a vraag (StUF §6.3.3): either a keyword on the scope object (StUF:scope="alles", ...) or a
// tree of (empty, usually xsi:nil) elements naming what is asked. Read once into a plain tree that the
// answer writers walk; no XPath, nothing compiled per message.
import { StufError } from './errors.ts';
import { child, type XNode } from '../xml/tree.ts';

export const SCOPE_KEYWORDS = [
  'kerngegevens', 'alles', 'allesZonderMetagegevens', 'allesMaarKerngegevensGerelateerden',
  'allesZonderMetagegevensMaarKerngegevensGerelateerden',
] as const;
export type ScopeKeyword = (typeof SCOPE_KEYWORDS)[number];

export interface Scope {
  /** set for a keyword scope; the children map is then empty */
  keyword?: ScopeKeyword;
  /** asked elements by local name (tree scope) */
  children: Map<string, Scope>;
  /**
   * An element asked without content: a leaf, or a group/relation/gerelateerde named without sub-elements.
   * For complex content this means "what you have" (clients send `<ZKN:gerelateerde/>`).
   */
  empty: boolean;
}

const KEYWORDS = new Set<string>(SCOPE_KEYWORDS);

/** A scope asking these elements, each whole (a service's default scope). */
export const scopeOf = (...names: string[]): Scope =>
  ({ children: new Map(names.map((n) => [n, { children: new Map(), empty: true }])), empty: false });

export const ALLES: Scope = Object.freeze({ keyword: 'alles', children: new Map(), empty: false }) as Scope;
export const KERNGEGEVENS: Scope = Object.freeze({ keyword: 'kerngegevens', children: new Map(), empty: false }) as Scope;

function keywordOf(node: XNode): ScopeKeyword | undefined {
  const k = node.attrs['StUF:scope'];
  if (k === undefined) return undefined;
  if (!KEYWORDS.has(k)) throw new StufError('StUF055', `StUF:scope="${k}" is geen bekende scope`, { plek: 'client' });
  return k as ScopeKeyword;
}

/** Reads a scope element (the scope `object`, or any element below it). */
export function readScope(node: XNode): Scope {
  const keyword = keywordOf(node);
  if (keyword) {
    if (node.children.length) {
      throw new StufError('StUF097', `Scope ${node.name} heeft zowel StUF:scope="${keyword}" als inhoud`, { omschrijving: 'Scope bevat zowel een attribuut als inhoud', plek: 'client' });
    }
    return { keyword, children: new Map(), empty: false };
  }
  const children = new Map<string, Scope>();
  for (const c of node.children) {
    const existing = children.get(c.name);
    const s = readScope(c);
    // A repeated element (two natuurlijkPersoon alternatives, ...) merges into one.
    children.set(c.name, existing ? merge(existing, s) : s);
  }
  return { children, empty: children.size === 0 };
}

function merge(a: Scope, b: Scope): Scope {
  if (a.keyword || b.keyword || a.empty || b.empty) return a.keyword ? a : b.keyword ? b : a.empty ? a : b;
  const children = new Map(a.children);
  for (const [k, v] of b.children) children.set(k, children.has(k) ? merge(children.get(k)!, v) : v);
  return { children, empty: false };
}

/** The scope of a Lv01 message: `scope/object`, or undefined when the client sent none. */
export function messageScope(message: XNode): Scope | undefined {
  const obj = child(child(message, 'scope'), 'object');
  return obj ? readScope(obj) : undefined;
}

/** Everything, for keyword scopes that include everything and for "empty" complex elements. */
export const isAll = (s: Scope | undefined): boolean =>
  !!s && (s.empty || (s.keyword !== undefined && s.keyword !== 'kerngegevens'));

export const withMeta = (s: Scope): boolean => s.keyword === undefined || !s.keyword.startsWith('allesZonderMetagegevens');

/** The scope of a sub-element, or undefined when it is not asked. */
export function sub(s: Scope | undefined, name: string): Scope | undefined {
  if (!s) return undefined;
  if (s.keyword === undefined) return s.empty ? ALLES : s.children.get(name);
  return undefined; // keyword scopes are interpreted by the writers (which elements are kerngegevens, ...)
}

/** The scope that applies to gerelateerden below an object asked with a keyword. */
export function gerelateerdeScope(keyword: ScopeKeyword): Scope {
  return keyword === 'alles' || keyword === 'allesZonderMetagegevens'
    ? { keyword: keyword === 'alles' ? 'alles' : 'allesZonderMetagegevens', children: new Map(), empty: false }
    : KERNGEGEVENS;
}
