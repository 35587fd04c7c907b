// The content store: document bytes outside the metadata rows, in parts of at most 768 KiB (1 MiB of base64),
// with size, sha256, content type and file name recorded. Written in the message's transaction.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { lees } from './lezen.ts';

/** Base64 characters decoded per part: a multiple of 4, 768 KiB of content. */
const BASE64_PER_DEEL = 1 << 20;

/** Base64 text as the message carried it: a string from the message tree, or a view on the request (src/soap/bijlagen.ts). */
export type Base64 = string | Buffer;

/** Decodes base64 part by part, so that at most one part is held decoded; whitespace (line-wrapped base64) is skipped. */
export function* base64Delen(input: Base64): Generator<Buffer> {
  const text = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
  let rest = '';
  for (let i = 0; i < text.length; i += BASE64_PER_DEEL) {
    const chunk = rest + text.toString('latin1', i, Math.min(i + BASE64_PER_DEEL, text.length)).replace(/\s+/g, '');
    const heel = chunk.length - (chunk.length % 4);
    if (heel) yield Buffer.from(chunk.slice(0, heel), 'base64');
    rest = chunk.slice(heel);
  }
  if (rest) yield Buffer.from(rest, 'base64');
}

/** Bytes in parts of at most 768 KiB (an MTOM attachment), as views. */
export function* binaireDelen(bytes: Buffer): Generator<Buffer> {
  for (let i = 0; i < bytes.length; i += (BASE64_PER_DEEL / 4) * 3) yield bytes.subarray(i, i + (BASE64_PER_DEEL / 4) * 3);
}

/** The number of bytes base64 text decodes to, without decoding it. */
export function base64Lengte(input: Base64): number {
  const text = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
  let n = 0;
  let pad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === 0x3d) pad++; // '='
    else if (c > 0x20) n++;
  }
  return Math.floor(((n + pad) * 3) / 4) - pad;
}

export interface InhoudInfo {
  id: number;
  grootte: number;
  sha256: string;
  contentType: string | null;
  bestandsnaam: string | null;
}

export async function schrijfInhoud(trx: Knex, delen: Iterable<Buffer>, meta: { contentType?: string; bestandsnaam?: string }): Promise<InhoudInfo> {
  const contentType = meta.contentType?.slice(0, 100) ?? null;
  const bestandsnaam = meta.bestandsnaam?.slice(0, 255) ?? null;
  const [row] = await trx('document_inhoud').insert({ grootte: 0, sha256: '', content_type: contentType, bestandsnaam }).returning('id');
  const id = Number((row as { id: number }).id ?? row);
  const hash = createHash('sha256');
  let grootte = 0;
  let volgnummer = 0;
  for (const data of delen) {
    if (!data.length) continue;
    hash.update(data);
    grootte += data.length;
    await trx('document_inhoud_deel').insert({ inhoud_id: id, volgnummer: volgnummer++, data });
  }
  const sha256 = hash.digest('hex');
  await trx('document_inhoud').where({ id }).update({ grootte, sha256 });
  return { id, grootte, sha256, contentType, bestandsnaam };
}

export async function inhoudInfo(db: Knex, id: number): Promise<InhoudInfo | undefined> {
  const [r] = await lees<{ id: number; grootte: number | string; sha256: string; content_type: string | null; bestandsnaam: string | null }>(db,
    'select id, grootte, sha256, content_type, bestandsnaam from document_inhoud where id = ?', [id]);
  return r && { id: Number(r.id), grootte: Number(r.grootte), sha256: r.sha256, contentType: r.content_type, bestandsnaam: r.bestandsnaam };
}

/** The content's bytes, part by part in order. */
export async function leesInhoud(db: Knex, id: number): Promise<Buffer> {
  const rows = await lees<{ data: Buffer }>(db, 'select data from document_inhoud_deel where inhoud_id = ? order by volgnummer', [id]);
  return Buffer.concat(rows.map((r) => r.data));
}

/** The content's parts in order, one query each, so that only one part is held at a time. */
export async function* inhoudDelen(db: Knex, id: number): AsyncGenerator<Buffer> {
  for (let volgnummer = 0; ; volgnummer++) {
    const [row] = await lees<{ data: Buffer }>(db, 'select data from document_inhoud_deel where inhoud_id = ? and volgnummer = ?', [id, volgnummer]);
    if (!row) return;
    yield row.data;
  }
}

/** Base64 of a stream of parts: bytes that do not fill a 3-byte group are carried to the next part. */
export async function* base64Stroom(delen: AsyncIterable<Buffer>): AsyncGenerator<string> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const deel of delen) {
    const buf = rest.length ? Buffer.concat([rest, deel]) : deel;
    const heel = buf.length - (buf.length % 3);
    if (heel) yield buf.toString('base64', 0, heel);
    rest = buf.subarray(heel);
  }
  if (rest.length) yield rest.toString('base64');
}
