// One compiled XSD validator per official schema bundle, built from the entry schemas that
// scripts/install-schemas.mjs generates in xsd/. libxml2 (wasm) reads imported schemas only through
// the input provider registered here, which serves files below the schema folder and nothing else:
// a message can never make the validator open a file or a URL.
import fs from 'node:fs';
import path from 'node:path';
import { XmlBufferInputProvider, XmlDocument, XmlValidateError, XsdValidator, xmlRegisterInputProvider, type XmlElement } from 'libxml2-wasm';

export type Bundle = 'zds-1.1' | 'zds-1.2';
export const BUNDLES: readonly Bundle[] = ['zds-1.1', 'zds-1.2'];

export class SchemasMissingError extends Error {
  constructor(dir: string) {
    super(`De StUF-schema's ontbreken in ${dir}: installeer ze met 'npm run schemas' of 'make schemas' ` +
      `(bron: ../shared/stuf, of STUF_SCHEMA_SOURCE=/pad/naar/bundels).`);
    this.name = 'SchemasMissingError';
  }
}

/** Every file below `dir`, keyed by absolute path (the form in which libxml2 asks for them). */
function readTree(dir: string, into: Record<string, Uint8Array>): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) readTree(p, into);
    else if (entry.name.endsWith('.xsd')) into[p] = fs.readFileSync(p);
  }
}

// libxml2 keeps a process-wide provider list; register one per schema folder.
const providers = new Map<string, XmlBufferInputProvider>();

function providerFor(dir: string): void {
  if (providers.has(dir)) return;
  const files: Record<string, Uint8Array> = {};
  readTree(dir, files);
  const provider = new XmlBufferInputProvider(files);
  xmlRegisterInputProvider(provider);
  providers.set(dir, provider);
}

function describe(e: unknown): string[] {
  if (e instanceof XmlValidateError && e.details.length) {
    return e.details.map((d) => `${d.message.trim()}${d.line ? ` (regel ${d.line})` : ''}`);
  }
  return [String((e as Error).message ?? e).trim()];
}

const entryOf = (dir: string, bundle: Bundle) => path.join(dir, `${bundle}.entry.xsd`);

/** Are the schemas installed in `dir` (install-schemas.mjs finished, every entry schema present)? */
export function schemasInstalled(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'INSTALLED')) && BUNDLES.every((b) => fs.existsSync(entryOf(dir, b)));
}

export class Validators {
  private constructor(private readonly compiled: Record<Bundle, XsdValidator>) {}

  /** Compiles both bundles from `schemaDir`; throws SchemasMissingError when they are not installed. */
  static load(schemaDir: string): Validators {
    const dir = path.resolve(schemaDir);
    const entries = BUNDLES.map((b) => entryOf(dir, b));
    if (!schemasInstalled(dir)) throw new SchemasMissingError(dir);
    providerFor(dir);
    const compiled = {} as Record<Bundle, XsdValidator>;
    BUNDLES.forEach((bundle, i) => {
      const doc = XmlDocument.fromBuffer(fs.readFileSync(entries[i]), { url: entries[i] });
      try {
        compiled[bundle] = XsdValidator.fromDoc(doc);
      } catch (e) {
        throw new Error(`schema bundle ${bundle} does not compile: ${describe(e).slice(0, 3).join(' | ')}`);
      } finally {
        doc.dispose();
      }
    });
    return new Validators(compiled);
  }

  /** Is every bundle compiled (the gateway validates every message)? */
  get compleet(): boolean {
    return BUNDLES.every((b) => this.compiled[b] !== undefined);
  }

  /** The schema errors of one element (the StUF message in the SOAP Body); empty when it is valid. */
  validate(bundle: Bundle, element: XmlElement): string[] {
    try {
      this.compiled[bundle].validate(element);
      return [];
    } catch (e) {
      return describe(e);
    }
  }
}
