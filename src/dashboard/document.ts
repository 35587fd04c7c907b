// A document's stored content as a download: streamed part by part from the store (src/store/inhoud.ts) with its
// content type, file name and exact length, recorded in the audit log first. The answer is an attachment under a
// sandboxing CSP, so stored HTML or SVG can never run as a page of the dashboard.
import { inhoudDelen } from '../store/inhoud.ts';
import { write } from '../http/schrijven.ts';
import { BEVEILIGING, melding, vastleggen, type Ingelogd } from './verzoek.ts';
import { documentMetIdentificatie, LIMIET, rijen, zakenVanDocument } from './vragen.ts';

/** A stored content type as a header value, or application/octet-stream when it is not a plain media type. */
const contentType = (t: string | null) => (t && /^[\w.+-]+\/[\w.+-]+(\s*;\s*[\w.+-]+=("[^"\r\n]*"|[\w.+-]+))*$/.test(t) ? t : 'application/octet-stream');

/** RFC 6266: an ASCII fallback and the name itself in UTF-8 (RFC 5987). */
function disposition(naam: string): string {
  const ascii = naam.replace(/[^\w.-]+/g, '_') || 'document';
  const utf8 = encodeURIComponent(naam).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}

export async function documentDownload(v: Ingelogd, identificatie: string): Promise<void> {
  const { db } = v.gateway;
  const [d] = await rijen<{ id: number; identificatie: string; inhoud_id: number | null; grootte: number | string | null; content_type: string | null; bestandsnaam: string | null }>(db,
    documentMetIdentificatie(identificatie, v.gebruiker.gemeente));
  if (!d) return melding(v, 404, 'Niet gevonden', `Er is geen document ${identificatie}.`);
  if (d.inhoud_id === null || d.grootte === null) return melding(v, 404, 'Geen inhoud', `Document ${identificatie} heeft geen inhoud.`);
  const zaken = await rijen<{ identificatie: string }>(db, zakenVanDocument(d.id, LIMIET.zaken));
  await vastleggen(v, 'document', { documenten: [d.identificatie], zaken: zaken.map((z) => z.identificatie), bsns: [] });
  v.res.writeHead(200, {
    ...BEVEILIGING, 'content-security-policy': "sandbox; default-src 'none'", 'content-type': contentType(d.content_type),
    'content-disposition': disposition(d.bestandsnaam || d.identificatie), 'content-length': Number(d.grootte),
  });
  for await (const deel of inhoudDelen(db, d.inhoud_id)) {
    await write(v.res, deel);
    if (v.res.destroyed) return;
  }
  v.res.end();
}
