// One dashboard request: who asks, the CSRF token for its forms, and how its answer goes out: every answer with the
// same strict headers (no script at all, styles only from /dashboard/stijl.css, never cached, never framed), and every
// view of a zaak, a person or a document recorded in the audit log before it is sent, as the SOAP side does.
import type http from 'node:http';
import type { Gateway } from '../gateway.ts';
import type { AuditRegel } from '../audit/audit.ts';
import { html, type Html } from './html.ts';
import { pagina } from './opmaak.ts';
import type { Gebruiker } from './toegang.ts';

export interface Verzoek {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  gateway: Gateway;
  tls: boolean;
  /** the CSRF token to put in this answer's forms */
  csrf: string;
  /** cookies to set with the answer */
  cookies: string[];
}

/** A request of a logged-in user. */
export interface Ingelogd extends Verzoek {
  gebruiker: Gebruiker;
}

export const BEVEILIGING: http.OutgoingHttpHeaders = {
  'content-security-policy': "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin', // with no-referrer a browser sends Origin: null on its POSTs
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

export function stuur(v: Verzoek, status: number, kop: http.OutgoingHttpHeaders, body: string | Buffer): void {
  v.res.writeHead(status, { ...BEVEILIGING, ...(v.cookies.length ? { 'set-cookie': v.cookies } : {}), 'content-length': Buffer.byteLength(body), ...kop });
  v.res.end(body);
}

export const stuurHtml = (v: Verzoek, status: number, pagina: Html): void => stuur(v, status, { 'content-type': 'text/html; charset=utf-8' }, pagina.tekst);

/** A page that only says what went wrong (not found, refused, failed). */
export function melding(v: Verzoek & { gebruiker?: Gebruiker }, status: number, titel: string, tekst: string): void {
  stuurHtml(v, status, pagina({ titel, gebruiker: v.gebruiker, csrf: v.csrf }, html`<h1>${titel}</h1><p class="fout">${tekst}</p>`));
}

/** After a POST: the browser asks `plek` with GET (303), so a reload never resends the form. */
export const doorsturen = (v: Verzoek, plek: string): void => stuur(v, 303, { location: plek, 'content-type': 'text/plain; charset=utf-8' }, '');

/** Records a view: zender `dashboard/<user>`, so `npm run audit -- --zender dashboard/` lists every dashboard view. */
export async function vastleggen(v: Ingelogd, operatie: string, getoond: Pick<AuditRegel, 'zaken' | 'documenten' | 'bsns'>): Promise<void> {
  try {
    await v.gateway.schrijfAudit({
      zender: `dashboard/${v.gebruiker.naam}`, gebruiker: v.gebruiker.naam, certificaat: v.gebruiker.certificaat ?? null, operatie: `dashboard:${operatie}`,
      referentienummer: null, zaken: [...new Set(getoond.zaken)], documenten: [...new Set(getoond.documenten)], bsns: [...new Set(getoond.bsns)],
    });
  } catch (e) {
    throw new NietVastgelegd((e as Error).message);
  }
}

/** The audit record could not be written: the view is not shown (no unrecorded access). */
export class NietVastgelegd extends Error {}

/** A form body (application/x-www-form-urlencoded), at most `max` bytes; beyond that the connection closes after the answer. */
export function leesFormulier(v: Verzoek, max = 8192): Promise<URLSearchParams | undefined> {
  const { req } = v;
  return new Promise((resolve, reject) => {
    if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')) {
      req.resume();
      return resolve(undefined);
    }
    const delen: Buffer[] = [];
    let n = 0;
    req.on('data', (c: Buffer) => {
      n += c.length;
      if (n > max) {
        req.pause();
        v.res.setHeader('connection', 'close');
        resolve(undefined);
      } else delen.push(c);
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(delen).toString('utf8'))));
    req.on('error', reject);
  });
}
