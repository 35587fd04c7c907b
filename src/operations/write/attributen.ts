// Scope-aware rendering of the attributes of a stored object (EDC, BSL): the attribute elements as the client
// sent them, in XSD order, only what the scope asks; nil with StUF:noValue for what a tree scope asks but is
// not stored, and for what the answer type requires.
import { isAll, withMeta, type Scope } from '../../stuf/scope.ts';
import type { XNode } from '../../xml/tree.ts';
import { nil } from '../../xml/writer.ts';
import { renderStored } from './zaak.ts';

/** StUF metadata groups: not nillable, left out for the allesZonderMetagegevens scopes. */
export const METAGEGEVENS = new Set(['tijdvakGeldigheid', 'tijdstipRegistratie', 'extraElementen']);

/** A tree scope (not a keyword, not "everything"), or undefined. */
export const boomScope = (scope: Scope | undefined): Scope | undefined => (scope && scope.keyword === undefined && !isAll(scope) ? scope : undefined);

/** Is `name` asked by `scope` (undefined = everything)? Keyword scopes: the object's kerngegevens, or all with/without metadata. */
export function gevraagd(scope: Scope | undefined, name: string, kerngegevens: Set<string>): boolean {
  if (!scope || isAll(scope)) return true;
  if (scope.keyword === 'kerngegevens') return kerngegevens.has(name);
  if (scope.keyword !== undefined) return withMeta(scope) || !METAGEGEVENS.has(name);
  return scope.children.has(name);
}

export interface AttribuutOpties {
  scope: Scope | undefined;
  kerngegevens: Set<string>;
  /** required by the answer type: always written (nil when not stored) */
  verplicht?: Set<string>;
  /** the answer type has the StUF metadata groups */
  metadata?: boolean;
}

export function renderAttributen(stored: XNode[], names: readonly string[], o: AttribuutOpties): string {
  const tree = boomScope(o.scope);
  const verplicht = o.verplicht ?? new Set<string>();
  let out = '';
  for (const n of names) {
    if (!verplicht.has(n) && !gevraagd(o.scope, n, o.kerngegevens)) continue;
    if (o.metadata === false && METAGEGEVENS.has(n)) continue;
    const nodes = stored.filter((a) => a.name === n);
    if (nodes.length) {
      const s = tree?.children.get(n);
      out += nodes.map((a) => renderStored(a, s && !isAll(s) ? s : undefined)).join('');
    } else if (!METAGEGEVENS.has(n) && (verplicht.has(n) || tree)) out += nil(`ZKN:${n}`);
  }
  return out;
}
