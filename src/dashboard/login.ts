// Logging in and out. A request without a user gets the login page with 401, whatever it asked for; a wrong password
// gets it again with 401, and nothing says whether the user exists.
import { log } from '../log.ts';
import { html } from './html.ts';
import { pagina } from './opmaak.ts';
import { cookie, csrfKlopt, SESSIE_COOKIE, type Toegang } from './toegang.ts';
import { doorsturen, leesFormulier, melding, stuurHtml, type Ingelogd, type Verzoek } from './verzoek.ts';

export function loginPagina(v: Verzoek, status: number, melding?: string, metWachtwoord = true): void {
  const formulier = metWachtwoord
    ? html`<form method="post" action="/dashboard/login" class="login">
<input type="hidden" name="csrf" value="${v.csrf}">
<label>Gebruiker <input name="gebruiker" autocomplete="username" required autofocus></label>
<label>Wachtwoord <input name="wachtwoord" type="password" autocomplete="current-password" required></label>
<button type="submit">Inloggen</button>
</form>`
    : html`<p>Dit dashboard is alleen te gebruiken met een clientcertificaat.</p>`;
  stuurHtml(v, status, pagina({ titel: 'Inloggen', csrf: v.csrf }, html`<h1>Inloggen</h1>
${melding ? html`<p class="fout">${melding}</p>` : ''}
${formulier}`));
}

export async function inloggen(v: Verzoek, toegang: Toegang, metWachtwoord: boolean): Promise<void> {
  const f = await leesFormulier(v);
  if (!f || !csrfKlopt(v.req, f.get('csrf'))) return loginPagina(v, 403, 'Het formulier is verlopen; probeer het opnieuw.', metWachtwoord);
  const naam = (f.get('gebruiker') ?? '').trim();
  const uitkomst = await toegang.aanmelden(naam, f.get('wachtwoord') ?? '', v.req.socket.remoteAddress ?? '');
  if (uitkomst !== 'ok') {
    log.warn('dashboard: inloggen geweigerd', { gebruiker: naam.slice(0, 80), adres: v.req.socket.remoteAddress, uitkomst });
    return uitkomst === 'geblokkeerd'
      ? loginPagina(v, 429, 'Te veel mislukte pogingen; probeer het over een kwartier opnieuw.', metWachtwoord)
      : loginPagina(v, 401, 'Onjuiste gebruiker of wachtwoord.', metWachtwoord);
  }
  const token = await toegang.sessies.open(naam);
  v.cookies.push(cookie(SESSIE_COOKIE, token, v.tls));
  doorsturen(v, '/dashboard');
}

export async function uitloggen(v: Ingelogd, toegang: Toegang): Promise<void> {
  const f = await leesFormulier(v);
  if (!f || !csrfKlopt(v.req, f.get('csrf'))) return melding(v, 403, 'Niet uitgelogd', 'Het formulier is verlopen; probeer het opnieuw.');
  if (v.gebruiker.sessie) await toegang.sessies.sluit(v.gebruiker.sessie);
  v.cookies.push(cookie(SESSIE_COOKIE, '', v.tls, 0));
  doorsturen(v, '/dashboard/login');
}
