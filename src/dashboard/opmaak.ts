// The page frame and how values are written on the dashboard's pages: StUF dates as dd-mm-jjjj, times of the store in
// Dutch time, sizes in kB/MB.
import { html, type Html, type Waarde } from './html.ts';
import type { Gebruiker } from './toegang.ts';

export interface Kader {
  titel: string;
  /** absent on the login page */
  gebruiker?: Gebruiker;
  /** the CSRF token for the logout form */
  csrf: string;
}

export function pagina(k: Kader, inhoud: Waarde): Html {
  const uitloggen = k.gebruiker?.sessie
    ? html`<form method="post" action="/dashboard/uitloggen"><input type="hidden" name="csrf" value="${k.csrf}"><button type="submit" class="link">Uitloggen</button></form>`
    : '';
  return html`<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${k.titel} · Regiedashboard</title><link rel="stylesheet" href="/dashboard/stijl.css"></head>
<body>
<header class="balk"><a class="merk" href="/dashboard">Regiedashboard sociaal domein</a>
${k.gebruiker ? html`<nav><a href="/dashboard">Zoeken</a><span class="wie">${k.gebruiker.naam}</span>${uitloggen}</nav>` : ''}</header>
<main>
${inhoud}
</main>
</body>
</html>
`;
}

/** StUF datum `jjjjmmdd` (or a longer tijdstip) as `dd-mm-jjjj` (`hh:mm` added for a tijdstip). */
export function datum(s: string | null | undefined): string {
  if (!s) return '';
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2}))?/.exec(s);
  if (!m) return s;
  return `${m[3]}-${m[2]}-${m[1]}${m[4] ? ` ${m[4]}:${m[5]}` : ''}`;
}

const TIJD = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', dateStyle: 'short', timeStyle: 'medium' });

/** A moment from the store: a Date (PostgreSQL), `jjjj-mm-dd hh:mm:ss` in UTC (SQLite's CURRENT_TIMESTAMP) or epoch ms. */
export function moment(v: Date | string | number | null | undefined): string {
  if (v === null || v === undefined || v === '') return '';
  const d = v instanceof Date ? v : typeof v === 'number' || /^\d+$/.test(v) ? new Date(Number(v)) : new Date(`${v.replace(' ', 'T')}${/[Zz]|[+-]\d\d:?\d\d$/.test(v) ? '' : 'Z'}`);
  return Number.isNaN(d.getTime()) ? String(v) : TIJD.format(d);
}

export function grootte(bytes: number | string | null | undefined): string {
  if (bytes === null || bytes === undefined) return '';
  const n = Number(bytes);
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** The note under a part that was cut at its limit. */
export const meer = (n: number, limiet: number): Waarde => (n > limiet ? html`<p class="noot">Alleen de eerste ${limiet} worden getoond.</p>` : '');
