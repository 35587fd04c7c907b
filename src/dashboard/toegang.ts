// Who is asking, and may the request be trusted: a client certificate mapped to a dashboard user, or a session cookie
// (HttpOnly, SameSite=Strict, Secure over TLS); CSRF protection for the few POSTs (a double-submit token and the
// Origin); and Fetch Metadata, because a client certificate, unlike a SameSite cookie, goes with cross-site requests
// too: another site must not be able to make a user's browser view (and so audit) a zaak it does not display.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import type { Knex } from 'knex';
import { certificaatPast } from '../security/autorisatie.ts';
import { wachtwoordKlopt, type DashboardConfig } from './gebruikers.ts';
import { Sessies } from './sessies.ts';

export interface Gebruiker {
  naam: string;
  /** the gemeente whose zaken this user sees ('' without gemeente isolation) */
  gemeente: string;
  /** the subject of the client certificate that identified the user */
  certificaat?: string;
  /** the session token, when the user logged in */
  sessie?: string;
}

export const SESSIE_COOKIE = 'stuf_dashboard';
const CSRF_COOKIE = 'stuf_csrf';

export function cookies(req: http.IncomingMessage): Record<string, string> {
  const uit: Record<string, string> = {};
  for (const deel of (req.headers.cookie ?? '').split(';')) {
    const i = deel.indexOf('=');
    if (i > 0) uit[deel.slice(0, i).trim()] = deel.slice(i + 1).trim();
  }
  return uit;
}

/** A cookie for the dashboard's paths only; `maxAge` 0 removes it. */
export function cookie(naam: string, waarde: string, tls: boolean, maxAge?: number): string {
  return `${naam}=${waarde}; Path=/dashboard; HttpOnly; SameSite=Strict${tls ? '; Secure' : ''}${maxAge === undefined ? '' : `; Max-Age=${maxAge}`}`;
}

/** The CSRF token of this browser, and the cookie to set when it has none yet. */
export function csrfToken(req: http.IncomingMessage, tls: boolean): { token: string; setCookie?: string } {
  const bestaand = cookies(req)[CSRF_COOKIE];
  if (bestaand && /^[\w-]{32}$/.test(bestaand)) return { token: bestaand };
  const token = randomBytes(24).toString('base64url');
  return { token, setCookie: cookie(CSRF_COOKIE, token, tls) };
}

/** A form's token matches the browser's cookie: another site can neither read nor set that cookie. */
export function csrfKlopt(req: http.IncomingMessage, formulier: string | null): boolean {
  const c = cookies(req)[CSRF_COOKIE];
  return !!c && !!formulier && c.length === formulier.length && timingSafeEqual(Buffer.from(c), Buffer.from(formulier));
}

/**
 * A request another site made the browser send: by Fetch Metadata anything cross-site but a plain top-level GET
 * navigation (a link followed), and a POST whose Origin is another host.
 */
export function vanElders(req: http.IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  const navigatie = req.method === 'GET' && req.headers['sec-fetch-mode'] === 'navigate' && req.headers['sec-fetch-dest'] === 'document';
  if ((site === 'cross-site' || site === 'same-site') && !navigatie) return true;
  const origin = req.headers.origin;
  if (req.method === 'POST' && origin !== undefined) {
    // an opaque origin (a sandboxed frame, a no-referrer policy) proves nothing; Fetch Metadata may still vouch for it
    if (origin === 'null') return site !== 'same-origin';
    try {
      return new URL(origin).host !== req.headers.host;
    } catch {
      return true;
    }
  }
  return false;
}

/** After this many wrong passwords for one user from one address, that pair waits out the window. */
const MAX_MISLUKT = 5;
const VENSTER_MS = 15 * 60_000;

export class Toegang {
  readonly sessies: Sessies;
  private readonly mislukt = new Map<string, { n: number; tot: number }>();

  constructor(private readonly config: DashboardConfig, private readonly isolatie: boolean, db: Knex) {
    this.sessies = new Sessies(db, config.sessionMinutes * 60_000);
  }

  private gebruiker(naam: string, extra: Pick<Gebruiker, 'certificaat' | 'sessie'>): Gebruiker | undefined {
    const u = Object.hasOwn(this.config.users, naam) ? this.config.users[naam] : undefined;
    return u && { naam, gemeente: this.isolatie ? u.gemeente ?? '' : '', ...extra };
  }

  /** The user of this request: by its verified client certificate, else by its session; undefined: not logged in. */
  async wie(req: http.IncomingMessage, certificaat: string | undefined): Promise<Gebruiker | undefined> {
    if (certificaat) {
      const naam = Object.entries(this.config.certificates).find(([subject]) => certificaatPast(subject, certificaat))?.[1];
      if (naam) return this.gebruiker(naam, { certificaat });
    }
    const token = cookies(req)[SESSIE_COOKIE];
    const naam = token ? await this.sessies.gebruiker(token) : undefined;
    // a user taken out of the configuration has no session any more
    return naam ? this.gebruiker(naam, { sessie: token }) : undefined;
  }

  /** Checks a password; `geblokkeerd` after too many wrong ones for this user from this address. */
  async aanmelden(naam: string, wachtwoord: string, adres: string): Promise<'ok' | 'onjuist' | 'geblokkeerd'> {
    const nu = Date.now();
    const sleutel = `${adres}|${naam}`;
    const eerder = this.mislukt.get(sleutel);
    if (eerder && eerder.tot > nu && eerder.n >= MAX_MISLUKT) return 'geblokkeerd';
    const u = Object.hasOwn(this.config.users, naam) ? this.config.users[naam] : undefined;
    if (await wachtwoordKlopt(wachtwoord, u?.password)) {
      this.mislukt.delete(sleutel);
      return 'ok';
    }
    if (this.mislukt.size > 10_000) for (const [k, v] of this.mislukt) if (v.tot <= nu) this.mislukt.delete(k);
    this.mislukt.set(sleutel, eerder && eerder.tot > nu ? { n: eerder.n + 1, tot: eerder.tot } : { n: 1, tot: nu + VENSTER_MS });
    return 'onjuist';
  }
}
