// The message log of one zaak (berichtenlog (gemeente, zaak, id), newest first): when, who, which operation, the
// outcome, fault code and duration. Only metadata: the masked request and answer are never shown, only their length.
import { html, pad } from './html.ts';
import { meer, moment, pagina } from './opmaak.ts';
import { zaakLink, zenderNaam } from './onderdelen.ts';
import { melding, stuurHtml, vastleggen, type Ingelogd } from './verzoek.ts';
import { berichtenVan, LIMIET, rijen, zaakMetIdentificatie, type ZaakKop } from './vragen.ts';

interface BerichtRij {
  id: number; ontvangen_op: Date | string; zender: string | null; dialect: string | null; operatie: string | null; uitkomst: string; foutcode: string | null;
  duur_ms: number | null; referentienummer: string | null; certificaat: string | null; verzoek_lengte: number | string | null; antwoord_lengte: number | string | null;
}

const lengte = (n: number | string | null) => (n === null ? '—' : `${Number(n).toLocaleString('nl-NL')} tekens`);

export async function berichtenPagina(v: Ingelogd, identificatie: string): Promise<void> {
  const { db } = v.gateway;
  const [zaak] = await rijen<ZaakKop>(db, zaakMetIdentificatie(identificatie, v.gebruiker.gemeente));
  if (!zaak) return melding(v, 404, 'Niet gevonden', `Er is geen zaak ${identificatie}.`);
  const rows = await rijen<BerichtRij>(db, berichtenVan(zaak.identificatie, v.gebruiker.gemeente, LIMIET.berichten + 1));
  await vastleggen(v, 'berichtenlog', { zaken: [zaak.identificatie], documenten: [], bsns: [] });
  const tabel = rows.length
    ? html`<table class="berichten"><thead><tr><th>Ontvangen</th><th>Zender</th><th>Operatie</th><th>Dialect</th><th>Uitkomst</th><th>Foutcode</th><th>Duur</th><th>Referentienummer</th><th>Verzoek</th><th>Antwoord</th></tr></thead>
<tbody>${rows.slice(0, LIMIET.berichten).map((b) => html`<tr class="${b.foutcode ? 'fout' : ''}"><td>${moment(b.ontvangen_op)}</td><td>${zenderNaam(b.zender)}${b.certificaat ? html`<br><span class="noot">${b.certificaat}</span>` : ''}</td>
<td>${b.operatie}</td><td>${b.dialect}</td><td>${b.uitkomst}</td><td>${b.foutcode}</td><td>${b.duur_ms ?? ''} ms</td><td class="code">${b.referentienummer}</td>
<td>${lengte(b.verzoek_lengte)}</td><td>${lengte(b.antwoord_lengte)}</td></tr>`)}</tbody></table>${meer(rows.length, LIMIET.berichten)}`
    : html`<p class="noot">Geen berichten over deze zaak.</p>`;
  stuurHtml(v, 200, pagina({ titel: `Berichtenlog ${zaak.identificatie}`, gebruiker: v.gebruiker, csrf: v.csrf }, html`
<p class="kruimel">${zaakLink(zaak.identificatie)} ${zaak.omschrijving}</p>
<h1>Berichtenlog van ${zaak.identificatie}</h1>
<p class="noot">De berichten over deze zaak, nieuwste eerst. Inhoud van verzoek en antwoord wordt niet getoond, alleen de lengte (in de berichtenlog zijn documentinhoud en BSN's al weggelaten).</p>
${tabel}
<p><a href="/dashboard/zaak/${pad(zaak.identificatie)}">Terug naar de zaak</a></p>`));
}
