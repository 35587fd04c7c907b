// A conformance manifest (format zds-conformance-manifest/1, see ../shared/conformance/README.md): its types,
// the replay plan (scenarios -> runs -> cases), endpoint paths and the SOAPAction per request. Message files
// are read in place next to the manifest, never copied; the public corpus is the default manifest.
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config/index.ts';
import type { Bundle } from '../xsd/validators.ts';
import type { VariableSpec } from './template.ts';

export const CORPUS_DIR = path.resolve(projectRoot, process.env.STUF_CONFORMANCE_DIR ?? '../shared/conformance');

export interface ManifestFile {
  id: string;
  file: string;
  set: string;
  scenario: string;
  step: number;
  role: 'request' | 'expected-response';
  zds_version: '1.1' | '1.2' | 'StUF-ZKN 3.10';
  operation: string | null;
  soap_action: string | null;
  endpoint: string | null;
  envelope: { soap_version: '1.1' | '1.2' | null; origin?: string };
  http?: { haarlem_sent_soap_action?: string; content_type?: string; note?: string } | null;
  expected: { kind: string; fault_code: string | null; response_file: string | null; facts: string[] } | null;
  preconditions: { send_first: string[]; state: string | null } | null;
  xsd: { valid: boolean | null; first_error: string | null };
  notes?: string[] | null;
  /** extension for templated messages ({{name}}): values of this step, on top of the scenario's variables */
  variables?: Record<string, VariableSpec>;
  /** extension: variable name -> XPath (SoapUI `*:` prefixes allowed) into this step's answer, for later steps */
  capture?: Record<string, string>;
}

export interface Scenario {
  id: string;
  title: string;
  ordered: boolean;
  notes: string[];
  files: string[];
  /** extension for templated messages: `{{name}}` values shared by the scenario's steps */
  variables?: Record<string, VariableSpec>;
}

export interface Manifest {
  format?: string;
  scenarios: Scenario[];
  files: ManifestFile[];
  /** the folder the manifest's `file` paths are relative to (not in the JSON) */
  dir: string;
}

/** Reads a manifest; default: the public corpus (STUF_CONFORMANCE_DIR or ../shared/conformance). */
export function loadManifest(file = path.join(CORPUS_DIR, 'manifest.json')): Manifest {
  const m = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  if (!Array.isArray(m.scenarios) || !Array.isArray(m.files)) throw new Error(`${file}: not a conformance manifest (scenarios[] and files[] expected)`);
  return { ...m, dir: path.dirname(path.resolve(file)) };
}

export function readRequest(m: Manifest, f: ManifestFile): Buffer {
  return fs.readFileSync(path.resolve(m.dir, f.file));
}

export type SoapActionVariant = 'recorded' | 'empty';

/** One replay of a scenario (or, for an unordered scenario, of one independent case). */
export interface Run {
  name: string;
  scenario: Scenario;
  variant: SoapActionVariant;
  requests: ManifestFile[];
}

/**
 * Ordered scenarios are one run each (requests in ascending step); unordered ones give one run per case.
 * Scenarios whose requests Haarlem sent with an empty SOAPAction (http.haarlem_sent_soap_action) are
 * replayed twice: with the WSDL SOAPAction and with the empty one Haarlem used.
 * `covered` leaves out scenarios without any request it accepts (default: every operation).
 */
export function plan(m: Manifest, covered: (operation: string | null) => boolean = () => true): Run[] {
  const runs: Run[] = [];
  for (const scenario of m.scenarios) {
    const requests = m.files.filter((f) => f.scenario === scenario.id && f.role === 'request' && f.set === 'public')
      .sort((a, b) => a.step - b.step);
    if (!requests.some((f) => covered(f.operation))) continue;
    const variants: SoapActionVariant[] = requests.some((f) => f.http?.haarlem_sent_soap_action !== undefined) ? ['recorded', 'empty'] : ['recorded'];
    for (const variant of variants) {
      const suffix = variant === 'empty' ? ' [SOAPAction ""]' : '';
      if (scenario.ordered) runs.push({ name: scenario.id + suffix, scenario, variant, requests });
      else for (const r of requests) runs.push({ name: r.id + suffix, scenario, variant, requests: [r] });
    }
  }
  return runs;
}

const PORT_SEGMENT: Record<string, Record<string, string>> = {
  '1.1': { BeantwoordVraag: 'BeantwoordVraag', OntvangAsynchroon: 'OntvangAsynchroon', 'VrijeBerichten / VerwerkSynchroonVrijBericht': 'VrijeBerichten' },
  '1.2': { BeantwoordVraag: 'BeantwoordVraag', OntvangAsynchroon: 'OntvangAsynchroon', 'VrijeBerichten / VerwerkSynchroonVrijBericht': 'VerwerkSynchroonVrijBericht' },
  'StUF-ZKN 3.10': { BeantwoordVraag: 'BeantwoordVraag', OntvangAsynchroon: 'OntvangAsynchroon' },
};
const DIALECT_PREFIX: Record<string, string> = { '1.1': '/zds/1.1/', '1.2': '/zds/1.2/', 'StUF-ZKN 3.10': '/stuf-zkn/3.10/' };
/** OpenZaakBrug's own path segments for its normal ports; any other segment named in the notes is a deliberately wrong path. */
const OZB_SEGMENTS = new Set(['VrijBericht', 'BeantwoordVraag', 'OntvangAsynchroon']);

/** The path to post a request to: its dialect and port, or the invalid path an ErrorHandling case names. */
export function endpointPath(f: ManifestFile): string {
  const prefix = DIALECT_PREFIX[f.zds_version];
  const wrong = (f.notes ?? []).map((n) => n.match(/endpoint path segment: (\S+)/)?.[1]).find((s) => s && !OZB_SEGMENTS.has(s));
  if (wrong) return prefix + wrong;
  const seg = PORT_SEGMENT[f.zds_version]?.[f.endpoint ?? ''];
  if (!seg) throw new Error(`${f.id}: no endpoint path for ${f.zds_version} ${f.endpoint}`);
  return prefix + seg;
}

/** SOAPAction as sent: the manifest's (recorded or WSDL) one, or empty in the Haarlem variant. */
export function soapActionOf(f: ManifestFile, variant: SoapActionVariant): string {
  if (variant === 'empty' && f.http?.haarlem_sent_soap_action !== undefined) return '';
  return f.soap_action ?? '';
}

/** The answer bundle for XSD validation: zds-1.2 for ZDS 1.2, zds-1.1 otherwise (ZDS 1.1 and plain StUF-ZKN 3.10). */
export const bundleOf = (f: ManifestFile): Bundle => (f.zds_version === '1.2' ? 'zds-1.2' : 'zds-1.1');

/** Tally key: operation and dialect. */
export const tallyKey = (f: ManifestFile) => `${f.operation ?? '?'} (${f.zds_version === 'StUF-ZKN 3.10' ? 'stuf-zkn 3.10' : `zds ${f.zds_version}`})`;
