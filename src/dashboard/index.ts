// The regie dashboard under /dashboard: server-rendered pages for a functioneel beheerder or regisseur. Off (every
// path 404, as for any unknown path) unless `dashboard` configures a user with a password or a client certificate.
// Pages are GET; the only POSTs (login, logout, search) carry a CSRF token. Routes:
//   GET  /dashboard                       search form
//   POST /dashboard/zoeken                by BSN (results) or zaak identificatie (to the zaak)
//   GET  /dashboard/zaak/ID               gezinsplan, deelplan or any zaak
//   GET  /dashboard/zaak/ID/berichten     its message log
//   GET  /dashboard/document/ID           a document's content
//   GET|POST /dashboard/login, POST /dashboard/uitloggen, GET /dashboard/stijl.css
import fs from 'node:fs';
import type http from 'node:http';
import type { Gateway } from '../gateway.ts';
import { log } from '../log.ts';
import { berichtenPagina } from './berichten.ts';
import { documentDownload } from './document.ts';
import { dashboardAan } from './gebruikers.ts';
import { inloggen, loginPagina, uitloggen } from './login.ts';
import { csrfToken, Toegang, vanElders } from './toegang.ts';
import { doorsturen, melding, NietVastgelegd, stuur, type Ingelogd, type Verzoek } from './verzoek.ts';
import { zaakPagina } from './zaak.ts';
import { startpagina, zoeken } from './zoeken.ts';

export type Dashboard = (req: http.IncomingMessage, res: http.ServerResponse, url: URL, verbinding: { tls: boolean; certificaat?: string }) => Promise<void>;

const STIJL = fs.readFileSync(new URL('./stijl.css', import.meta.url));

export const isDashboardPad = (pathname: string): boolean => pathname === '/dashboard' || pathname.startsWith('/dashboard/');

/** The dashboard's request handler; undefined when no one can log in (then there is no dashboard). */
export function maakDashboard(gateway: Gateway): Dashboard | undefined {
  const { config } = gateway;
  if (!dashboardAan(config.dashboard)) return undefined;
  const toegang = new Toegang(config.dashboard, config.gemeenteIsolation, gateway.db);
  const metWachtwoord = Object.values(config.dashboard.users).some((u) => u.password);
  if (metWachtwoord && !config.security.tls) log.warn('dashboard zonder TLS: wachtwoord en sessiecookie gaan onversleuteld over het netwerk');

  async function route(v: Ingelogd, pad: string): Promise<void> {
    const get = v.req.method === 'GET';
    if (pad === '/dashboard' && get) return startpagina(v);
    if (pad === '/dashboard/zoeken' && !get) return zoeken(v);
    if (pad === '/dashboard/uitloggen' && !get) return uitloggen(v, toegang);
    const m = get ? /^\/dashboard\/(zaak|document)\/([^/]+)(\/berichten)?$/.exec(pad) : null;
    let id: string | undefined;
    try {
      id = m ? decodeURIComponent(m[2]) : undefined;
    } catch {
      // a malformed escape is a path that names nothing
    }
    if (m && id !== undefined) {
      if (m[1] === 'zaak') return m[3] ? berichtenPagina(v, id) : zaakPagina(v, id);
      if (!m[3]) return documentDownload(v, id);
    }
    if (!get) v.req.resume();
    melding(v, 404, 'Niet gevonden', 'Deze pagina bestaat niet.');
  }

  return async (req, res, url, verbinding) => {
    const csrf = csrfToken(req, verbinding.tls);
    const v: Verzoek = { req, res, url, gateway, tls: verbinding.tls, csrf: csrf.token, cookies: csrf.setCookie ? [csrf.setCookie] : [] };
    const pad = url.pathname.replace(/\/+$/, '') || '/';
    try {
      if (req.method !== 'GET' && req.method !== 'POST') return melding(v, 405, 'Niet toegestaan', 'Alleen GET en POST.');
      if (vanElders(req)) {
        req.resume();
        return melding(v, 403, 'Geweigerd', 'Dit verzoek komt van een andere site.');
      }
      if (pad === '/dashboard/stijl.css') return stuur(v, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'max-age=3600' }, STIJL);
      const gebruiker = await toegang.wie(req, verbinding.certificaat);
      if (pad === '/dashboard/login') {
        if (req.method === 'POST') return await inloggen(v, toegang, metWachtwoord);
        return gebruiker ? doorsturen(v, '/dashboard') : loginPagina(v, 200, undefined, metWachtwoord);
      }
      if (!gebruiker) {
        req.resume();
        return loginPagina(v, 401, undefined, metWachtwoord);
      }
      await route({ ...v, gebruiker }, pad);
    } catch (e) {
      const vastleggen = e instanceof NietVastgelegd;
      log.error(vastleggen ? 'dashboard: audit niet geschreven, niets getoond' : 'dashboard-fout', { pad: url.pathname, error: (e as Error).message });
      if (res.headersSent) res.destroy();
      else if (vastleggen) melding(v, 503, 'Niet beschikbaar', 'De toegang kon niet worden vastgelegd; er wordt niets getoond. Probeer het later opnieuw.');
      else melding(v, 500, 'Fout', 'Er ging iets mis; probeer het later opnieuw.');
    }
  };
}
