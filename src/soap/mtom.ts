// MTOM/XOP: a multipart/related request whose root part is the SOAP envelope (application/xop+xml) and whose
// inhoud elements point at binary MIME parts with xop:Include. Each Include is replaced by a token (valid base64,
// so the envelope validates) and the part's bytes go to the operation as a Bijlage, never through the parser.
// An answer to an MTOM request is MTOM too: its stored content goes out as binary parts.
import { randomUUID } from 'node:crypto';
import { StufError } from '../stuf/errors.ts';
import { nieuwToken, type AntwoordDeel, type Bijlagen, type Uitgaand } from './bijlagen.ts';
import type { SoapVersion } from './envelope.ts';

export const XOP_NS = 'http://www.w3.org/2004/08/xop/include';

export const isMtom = (contentType: string | undefined): boolean => /^\s*multipart\/related/i.test(contentType ?? '');

/** A parameter of a Content-Type header (quoted or not). */
function param(contentType: string, name: string): string | undefined {
  const m = contentType.match(new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]*))`, 'i'));
  return m ? (m[1] ?? m[2]) : undefined;
}

interface Deel { headers: Record<string, string>; content: Buffer }

const CRLF = Buffer.from('\r\n');
const bad = (why: string) => new StufError('StUF055', `MTOM-bericht: ${why}`, { plek: 'client' });

/** The MIME parts of a multipart body (views on the body, no copies). */
function delen(body: Buffer, boundary: string): Deel[] {
  const delim = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delim);
  if (at === -1) throw bad(`boundary "${boundary}" komt niet voor`);
  const out: Deel[] = [];
  for (;;) {
    at += delim.length;
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return out; // closing delimiter
    const headersStart = body.indexOf(CRLF, at) + 2;
    const headersEnd = body.indexOf('\r\n\r\n', headersStart);
    if (headersStart < 2 || headersEnd === -1) throw bad('MIME-deel zonder headers');
    const next = body.indexOf(Buffer.concat([CRLF, delim]), headersEnd + 4);
    if (next === -1) throw bad('MIME-deel zonder afsluitende boundary');
    const headers: Record<string, string> = {};
    for (const line of body.toString('latin1', headersStart, headersEnd).split('\r\n')) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    out.push({ headers, content: body.subarray(headersEnd + 4, next) });
    at = next + 2;
  }
}

const contentId = (v: string | undefined) => v?.trim().replace(/^<|>$/g, '');

/** The envelope with every xop:Include replaced by a token, and the attachments it pointed at. */
export function leesMtom(body: Buffer, contentType: string): { xml: Buffer; bijlagen: Bijlagen } {
  const boundary = param(contentType, 'boundary');
  if (!boundary) throw bad('Content-Type multipart/related zonder boundary');
  const parts = delen(body, boundary);
  const start = contentId(param(contentType, 'start'));
  const root = (start && parts.find((p) => contentId(p.headers['content-id']) === start)) || parts[0];
  if (!root) throw bad('geen MIME-delen');
  const byId = new Map(parts.filter((p) => p !== root).map((p) => [contentId(p.headers['content-id']), p]));
  const bijlagen: Bijlagen = new Map();
  // An element named Include with href="cid:..." is an XOP include (its namespace is declared where the client likes).
  const xml = root.content.toString('utf8').replace(/<([\w.-]+:)?Include\b([^>]*?)(?:\/>|>\s*<\/\1?Include>)/g, (all, _p, attrs: string) => {
    const href = attrs.match(/href\s*=\s*["']cid:([^"']+)["']/)?.[1];
    if (!href) return all;
    const part = byId.get(decodeURIComponent(href));
    if (!part) throw bad(`xop:Include verwijst naar MIME-deel <${decodeURIComponent(href)}> dat ontbreekt`);
    const token = nieuwToken();
    // Most clients send parts as binary; some (older .NET, Axis) base64-encode them.
    const base64 = /^\s*base64\s*$/i.test(part.headers['content-transfer-encoding'] ?? '');
    bijlagen.set(token, base64 ? { base64: part.content } : { binair: part.content, contentType: part.headers['content-type'] });
    return token;
  });
  return { xml: Buffer.from(xml, 'utf8'), bijlagen };
}

/** An answer as MTOM: the envelope with xop:Include for each outgoing content, and the contents as binary parts. */
export function mtomAntwoord(text: string, uitgaand: Uitgaand, version: SoapVersion): { contentType: string; delen: AntwoordDeel[]; lengte: number } {
  const boundary = `MIMEBoundary_${randomUUID()}`;
  const soapType = version === '1.2' ? 'application/soap+xml' : 'text/xml';
  let envelope = text;
  const bijlagen: { cid: string; inhoudId: number; grootte: number }[] = [];
  for (const [token, inhoud] of uitgaand) {
    const cid = `${randomUUID()}@stuf-zkn-gateway`;
    envelope = envelope.replace(token, `<xop:Include xmlns:xop="${XOP_NS}" href="cid:${encodeURIComponent(cid)}"/>`);
    bijlagen.push({ cid, ...inhoud });
  }
  const delen: AntwoordDeel[] = [
    `--${boundary}\r\nContent-Type: application/xop+xml; charset=UTF-8; type="${soapType}"\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <root.message@stuf-zkn-gateway>\r\n\r\n${envelope}`,
  ];
  for (const b of bijlagen) {
    delen.push(`\r\n--${boundary}\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <${b.cid}>\r\n\r\n`,
      { inhoudId: b.inhoudId, grootte: b.grootte, vorm: 'binair' });
  }
  delen.push(`\r\n--${boundary}--\r\n`);
  const lengte = delen.reduce((n, d) => n + (typeof d === 'string' ? Buffer.byteLength(d) : d.grootte), 0);
  const contentType = `multipart/related; type="application/xop+xml"; start="<root.message@stuf-zkn-gateway>"; start-info="${soapType}"; boundary="${boundary}"`;
  return { contentType, delen, lengte };
}
