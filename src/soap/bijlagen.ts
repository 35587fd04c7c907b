// Large document content does not go through the XML parser. Before parsing, the base64 text of every large
// `inhoud` element is cut out of the request and replaced by a short token (itself valid base64, so the message
// still validates); the operation finds the content under that token as a view on the request buffer and decodes
// it part by part into the content store. libxml2, the message tree and the stored message never hold it.
// MTOM attachments (xop:Include, src/soap/mtom.ts) arrive through the same map, as bytes.
// Answers work the other way round: a large stored content is rendered as a token (Uitgaand) and the HTTP layer
// streams it from the content store in its place, base64-encoded part by part.
import { randomBytes } from 'node:crypto';

/** Content kept out of the parsed message, by the token that stands in its place: base64 text or MTOM bytes. */
export type Bijlage = { base64: Buffer } | { binair: Buffer; contentType?: string };
export type Bijlagen = Map<string, Bijlage>;

let teller = 0;
/** A token that stands in for content: 16 characters of base64 (so the message stays valid), unique in practice. */
export const nieuwToken = (): string => `${randomBytes(9).toString('base64').replace(/[+/]/g, 'A')}${String(teller++ % 10000).padStart(4, '0')}`;

/** Below this size the content simply stays in the message. */
const MIN_BYTES = 64 * 1024;

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const AMP = 0x26;

function isNameEnd(c: number): boolean {
  return c === GT || c === SLASH || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** The request with large inhoud texts replaced by tokens, and the cut-out texts (views, no copies). */
export function knipInhoud(buf: Buffer): { xml: Buffer; bijlagen: Bijlagen } {
  const bijlagen: Bijlagen = new Map();
  if (buf.length < MIN_BYTES) return { xml: buf, bijlagen };
  const parts: Buffer[] = [];
  let last = 0;
  let from = 0;
  for (;;) {
    const at = buf.indexOf('inhoud', from, 'latin1');
    if (at === -1) break;
    from = at + 6;
    // <inhoud or <prefix:inhoud, followed by the end of the name
    const before = buf[at - 1];
    if (!(before === LT || before === 0x3a) || !isNameEnd(buf[at + 6])) continue;
    if (before === 0x3a) {
      let p = at - 2;
      while (p >= 0 && buf[p] !== LT && buf[p] !== GT && buf[p] !== 0x20) p--;
      if (p < 0 || buf[p] !== LT || buf[p + 1] === SLASH) continue; // not a start tag
    }
    const tagEnd = buf.indexOf(GT, at);
    if (tagEnd === -1 || buf[tagEnd - 1] === SLASH) continue; // self-closing: no content
    const textEnd = buf.indexOf(LT, tagEnd + 1);
    if (textEnd === -1 || textEnd - (tagEnd + 1) < MIN_BYTES) continue;
    const text = buf.subarray(tagEnd + 1, textEnd);
    if (text.includes(AMP)) continue; // character references: leave it to the parser
    const token = nieuwToken();
    bijlagen.set(token, { base64: text });
    parts.push(buf.subarray(last, tagEnd + 1), Buffer.from(token, 'latin1'));
    last = textEnd;
    from = textEnd;
  }
  if (!bijlagen.size) return { xml: buf, bijlagen };
  parts.push(buf.subarray(last));
  return { xml: Buffer.concat(parts), bijlagen };
}

/** Large content of an answer: streamed from the content store where its token stands. */
export type Uitgaand = Map<string, { inhoudId: number; grootte: number }>;

/** One piece of an answer: text, or stored content to stream (base64 inline, or binary in an MTOM part). */
export type AntwoordDeel = string | { inhoudId: number; grootte: number; vorm: 'base64' | 'binair' };

/** Above this size stored content is streamed rather than put into the answer text. */
export const STREAM_VANAF = MIN_BYTES;


/** The answer text cut at the tokens of its outgoing content, with the exact length of the whole (base64 included). */
export function antwoordDelen(text: string, uitgaand: Uitgaand): { delen: AntwoordDeel[]; lengte: number } {
  const delen: AntwoordDeel[] = [];
  let lengte = 0;
  let rest = text;
  for (const [token, inhoud] of uitgaand) {
    const at = rest.indexOf(token);
    if (at === -1) continue;
    delen.push(rest.slice(0, at), { ...inhoud, vorm: 'base64' });
    lengte += Buffer.byteLength(rest.slice(0, at)) + Math.ceil(inhoud.grootte / 3) * 4;
    rest = rest.slice(at + token.length);
  }
  delen.push(rest);
  lengte += Buffer.byteLength(rest);
  return { delen, lengte };
}
