// The start page: search by BSN (the person's open and closed zaken, gezinsplannen first; betrokkene (bsn, rol) index)
// or by zaak identificatie (straight to the zaak; zaak (gemeente, identificatie)). The search is a POST, so that a
// BSN never stands in a URL (browser history, proxy logs); a search by BSN is recorded in the audit log with it.
import { rolNamen, soortVan } from './begrippen.ts';
import { html, pad, type Waarde } from './html.ts';
import { datum, meer, pagina } from './opmaak.ts';
import { toestandZaak, zaakLink, zaaktype, zaaktypen } from './onderdelen.ts';
import { csrfKlopt } from './toegang.ts';
import { doorsturen, leesFormulier, melding, stuurHtml, vastleggen, type Ingelogd } from './verzoek.ts';
import { LIMIET, rijen, zaakMetIdentificatie, zakenVanBsn, type ZaakKop } from './vragen.ts';

function formulier(v: Ingelogd, bsn = '', zaak = ''): Waarde {
  return html`<form method="post" action="/dashboard/zoeken" class="zoek">
<input type="hidden" name="csrf" value="${v.csrf}">
<label>BSN <input name="bsn" inputmode="numeric" pattern="[0-9]{9}" maxlength="9" value="${bsn}" autocomplete="off"></label>
<span class="of">of</span>
<label>Zaakidentificatie <input name="zaak" maxlength="40" value="${zaak}" autocomplete="off"></label>
<button type="submit">Zoeken</button>
</form>`;
}

const toon = (v: Ingelogd, status: number, titel: string, inhoud: Waarde) =>
  stuurHtml(v, status, pagina({ titel, gebruiker: v.gebruiker, csrf: v.csrf }, inhoud));

export function startpagina(v: Ingelogd): void {
  toon(v, 200, 'Zoeken', html`<h1>Zoeken</h1>
<p>Zoek een persoon op BSN (alle zaken waarbij de persoon betrokken is, gezinsplannen eerst) of ga direct naar een zaak.</p>
${formulier(v)}`);
}

export async function zoeken(v: Ingelogd): Promise<void> {
  const f = await leesFormulier(v);
  if (!f || !csrfKlopt(v.req, f.get('csrf'))) return melding(v, 403, 'Niet gezocht', 'Het formulier is verlopen; zoek opnieuw.');
  const bsn = (f.get('bsn') ?? '').trim();
  const zaak = (f.get('zaak') ?? '').trim();
  const { db, config } = v.gateway;
  if (zaak && !bsn) {
    const [z] = await rijen<ZaakKop>(db, zaakMetIdentificatie(zaak, v.gebruiker.gemeente));
    if (z) return doorsturen(v, `/dashboard/zaak/${pad(z.identificatie)}`);
    return toon(v, 404, 'Niet gevonden', html`<h1>Zoeken</h1>${formulier(v, '', zaak)}<p class="fout">Er is geen zaak ${zaak}.</p>`);
  }
  if (!/^\d{9}$/.test(bsn)) {
    return toon(v, 400, 'Zoeken', html`<h1>Zoeken</h1>${formulier(v, '', zaak)}<p class="fout">Geef een BSN van negen cijfers of een zaakidentificatie.</p>`);
  }
  const rows = await rijen<ZaakKop & { status: string | null; rol: string }>(db,
    zakenVanBsn(bsn, v.gebruiker.gemeente, config.koppeling.gezinsplanZaaktypen, LIMIET.zaken + 1));
  // one row per role: a person can be initiator and zaakobject of the same zaak
  const zaken = new Map<number, { zaak: ZaakKop & { status: string | null }; rollen: string[] }>();
  for (const r of rows.slice(0, LIMIET.zaken)) {
    const z = zaken.get(r.id) ?? { zaak: r, rollen: [] };
    z.rollen.push(r.rol);
    zaken.set(r.id, z);
  }
  const lijst = [...zaken.values()];
  const typen = await zaaktypen(db, lijst.map((z) => z.zaak.zaaktype_code));
  await vastleggen(v, 'zoeken', { bsns: [bsn], zaken: lijst.map((z) => z.zaak.identificatie), documenten: [] });
  const tabel = lijst.length
    ? html`<table class="zaken">
<thead><tr><th>Zaak</th><th>Soort</th><th>Zaaktype</th><th>Omschrijving</th><th>Rol van de persoon</th><th>Huidige status</th><th>Start</th><th></th></tr></thead>
<tbody>${lijst.map(({ zaak: z, rollen }) => {
      const soort = soortVan(z.zaaktype_code, config.koppeling);
      return html`<tr class="${soort.toLowerCase()}"><td>${zaakLink(z.identificatie)}</td><td>${soort}</td><td>${zaaktype(typen, z.zaaktype_code)}</td>
<td>${z.omschrijving}</td><td>${rolNamen(rollen).join(', ')}</td><td>${z.status}</td><td>${datum(z.startdatum)}</td><td>${toestandZaak(z.einddatum)}</td></tr>`;
    })}</tbody></table>${meer(rows.length, LIMIET.zaken)}`
    : html`<p>Geen zaken voor BSN ${bsn}.</p>`;
  toon(v, 200, 'Zoekresultaat', html`<h1>Zoeken</h1>${formulier(v, bsn)}
<h2>Zaken van BSN ${bsn}</h2>
${tabel}`);
}
