// Serving the gateway's own WSDLs (wsdl/) and the official schema bundles they import (xsd/).
// The WSDLs import the schemas with relative locations (../../xsd/<bundle>/...), which resolve from
// every endpoint path /<dialect>/<version>/<Port> to /xsd/<bundle>/...; the schemas import each other
// relatively inside their bundle, so serving the bundle folders as they are is enough.
import { readFile } from 'node:fs/promises';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const wsdlDir = path.join(projectRoot, 'wsdl');

/** Endpoint path -> absolute path of the WSDL served at `<endpoint>?wsdl`. */
export const wsdlPaths: Readonly<Record<string, string>> = Object.freeze({
  '/zds/1.2/BeantwoordVraag': path.join(wsdlDir, 'zds-1.2/BeantwoordVraag.wsdl'),
  '/zds/1.2/OntvangAsynchroon': path.join(wsdlDir, 'zds-1.2/OntvangAsynchroon.wsdl'),
  '/zds/1.2/VerwerkSynchroonVrijBericht': path.join(wsdlDir, 'zds-1.2/VerwerkSynchroonVrijBericht.wsdl'),
  '/zds/1.1/BeantwoordVraag': path.join(wsdlDir, 'zds-1.1/BeantwoordVraag.wsdl'),
  '/zds/1.1/OntvangAsynchroon': path.join(wsdlDir, 'zds-1.1/OntvangAsynchroon.wsdl'),
  '/zds/1.1/VrijeBerichten': path.join(wsdlDir, 'zds-1.1/VrijeBerichten.wsdl'),
  '/stuf-zkn/3.10/BeantwoordVraag': path.join(wsdlDir, 'stuf-zkn-3.10/BeantwoordVraag.wsdl'),
  '/stuf-zkn/3.10/OntvangAsynchroon': path.join(wsdlDir, 'stuf-zkn-3.10/OntvangAsynchroon.wsdl'),
});

const wsdlCache = new Map<string, Promise<string>>();

function readWsdl(file: string): Promise<string> {
  let text = wsdlCache.get(file);
  if (!text) {
    text = readFile(file, 'utf8');
    // a failed read is not cached: the next request tries again
    text.catch(() => wsdlCache.delete(file));
    wsdlCache.set(file, text);
  }
  return text;
}

function xmlAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Path part of a request target: no query, no trailing slash. */
function endpointOf(target: string): string {
  const p = target.split(/[?#]/, 1)[0];
  return p.length > 1 ? p.replace(/\/+$/, '') : p;
}

/**
 * The WSDL of an endpoint with every soap:address / soap12:address location set to
 * `requestBaseUrl + endpointPath` (requestBaseUrl like `http://127.0.0.1:34567`, computed by the server
 * from the Host header). Undefined for a path that has no WSDL.
 */
export async function serveWsdl(endpointPath: string, requestBaseUrl: string): Promise<string | undefined> {
  const endpoint = endpointOf(endpointPath);
  const file = Object.hasOwn(wsdlPaths, endpoint) ? wsdlPaths[endpoint] : undefined;
  if (!file) return undefined;
  const text = await readWsdl(file);
  const location = xmlAttr(requestBaseUrl.replace(/\/+$/, '') + endpoint);
  return text.replace(/(<(?:soap|soap12):address\b[^>]*?\blocation\s*=\s*)("[^"]*"|'[^']*')/g, `$1"${location}"`);
}

const schemaCache = new Map<string, Buffer>();

/**
 * A file of the installed schema bundles for a `/xsd/<bundle>/<path>` request. Only .xsd and .wsdl
 * files strictly inside schemaDir are served; `..`, `.`, empty segments, backslashes, NUL, absolute and
 * encoded escapes are refused (undefined, the server answers 404).
 */
export function serveSchema(urlPath: string, schemaDir: string): { body: Buffer; contentType: string } | undefined {
  const rawPath = urlPath.split(/[?#]/, 1)[0];
  if (!rawPath.startsWith('/xsd/')) return undefined;
  let rel: string;
  try {
    rel = decodeURIComponent(rawPath.slice('/xsd/'.length));
  } catch {
    return undefined;
  }
  if (rel === '' || rel.includes('\0') || rel.includes('\\') || rel.startsWith('/') || path.isAbsolute(rel)) return undefined;
  const segments = rel.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return undefined;
  const ext = path.extname(rel).toLowerCase();
  if (ext !== '.xsd' && ext !== '.wsdl') return undefined;

  const base = path.resolve(schemaDir);
  const file = path.resolve(base, ...segments);
  if (!file.startsWith(base + path.sep)) return undefined;
  let body = schemaCache.get(file);
  if (!body) {
    try {
      // symlinks must not lead out of the schema folder either
      const real = fs.realpathSync(file);
      const realBase = fs.realpathSync(base);
      if (!real.startsWith(realBase + path.sep) || !fs.statSync(real).isFile()) return undefined;
      body = fs.readFileSync(real);
    } catch {
      return undefined;
    }
    schemaCache.set(file, body);
  }
  return { body, contentType: 'text/xml; charset=utf-8' };
}
