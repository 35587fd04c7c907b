// Templated manifest messages: `{{name}}` placeholders filled per run (fixtures/koppeling/). Values are fixed
// strings, generated per run (so a second replay against the same server does not collide with the first),
// the base64 of a file next to the manifest, or captured from an earlier answer (manifest `capture`).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** A fixed value, or one made when the run starts. */
export type VariableSpec = string | { generate: 'bsn' | 'unique' | 'timestamp' | 'date'; prefix?: string; length?: number } | { base64_of_file: string };

const PLACEHOLDER = /\{\{\s*([A-Za-z][\w.-]*)\s*\}\}/g;

/** The placeholder names of a template, each once, in order of first use. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/**
 * Replaces every `{{name}}` with `vars[name]` (XML-escaped: pass plain text). Throws naming every placeholder
 * that has no value, and when anything that looks like a placeholder is left.
 */
export function fill(template: string, vars: Record<string, string | number | undefined>, escape = escapeXml): string {
  const missing = placeholders(template).filter((name) => vars[name] === undefined || vars[name] === null);
  if (missing.length) throw new Error(`unfilled placeholder(s): ${missing.map((m) => `{{${m}}}`).join(', ')}`);
  const out = template.replace(PLACEHOLDER, (_, name: string) => escape(String(vars[name])));
  const left = out.match(/\{\{[^}]*\}\}/);
  if (left) throw new Error(`malformed placeholder left in the message: ${left[0]}`);
  return out;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
export const datum = (d: Date) => `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}`;
export const tijdstip = (d: Date) => `${datum(d)}${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}${pad(d.getMilliseconds(), 3)}`;

/** A random BSN that passes the elfproef (9·d1 + 8·d2 + ... + 2·d8 − d9 ≡ 0 mod 11). */
export function bsn(): string {
  for (;;) {
    const d = [1 + Math.floor(Math.random() * 9), ...Array.from({ length: 7 }, () => Math.floor(Math.random() * 10))];
    const last = d.reduce((acc, x, i) => acc + x * (9 - i), 0) % 11;
    if (last <= 9) return [...d, last].join('');
  }
}

/** The values of a set of specs; `dir` is where base64_of_file paths are relative to. */
export function resolveVariables(specs: Record<string, VariableSpec> | undefined, dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries(specs ?? {})) {
    if (typeof spec === 'string') out[name] = spec;
    else if ('base64_of_file' in spec) out[name] = fs.readFileSync(path.resolve(dir, spec.base64_of_file)).toString('base64');
    else if (spec.generate === 'bsn') out[name] = bsn();
    else if (spec.generate === 'unique') out[name] = `${spec.prefix ?? ''}${randomUUID().replace(/-/g, '')}`.slice(0, spec.length ?? 40);
    else if (spec.generate === 'timestamp') out[name] = tijdstip(new Date());
    else if (spec.generate === 'date') out[name] = datum(new Date());
    else throw new Error(`variable ${name}: unknown spec ${JSON.stringify(spec)}`);
  }
  return out;
}

let lastTijdstip = 0;

/** Stuurgegevens of one message: a new referentienummer and a strictly increasing tijdstipBericht. */
export function messageVariables(): Record<string, string> {
  const t = Math.max(Date.now(), lastTijdstip + 1);
  lastTijdstip = t;
  return { referentienummer: `CNF${randomUUID().replace(/-/g, '').slice(0, 24)}`, tijdstipBericht: tijdstip(new Date(t)) };
}
