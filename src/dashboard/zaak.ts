// The page of one zaak: for a gezinsplan its persons, its deelplannen (zaaktype, backoffice, current status, status
// history as a timeline), the documents and kennisgevingen of the gezinsplan and its deelplannen; for a deelplan (or
// any zaak) the same parts and a link to its gezinsplan. Eight bounded, indexed statements (src/dashboard/vragen.ts);
// the view is recorded in the audit log with the persons, zaken and documents it shows.
import { decodeContent } from '../store/nodes.ts';
import { lijst, type OutboxRow } from '../notify/outbox.ts';
import { textAt, value } from '../xml/tree.ts';
import { gezetDoor, persoonVan, soortVan } from './begrippen.ts';
import { html, pad, type Html, type Waarde } from './html.ts';
import { datum, grootte, meer, moment, pagina } from './opmaak.ts';
import { toestandZaak, zaakLink, zaaktype, zaaktypen, zenderNaam, type Zaaktypen } from './onderdelen.ts';
import { melding, stuurHtml, vastleggen, type Ingelogd } from './verzoek.ts';
import {
  betrokkenenVan, deelplannenVan, documentenVan, hoofdzaakVan, LIMIET, rijen, statussenVan, zaakMetIdentificatie, type ZaakKop,
} from './vragen.ts';

type MetStatus = ZaakKop & { status: string | null };
interface StatusRij { zaak_id: number; volgnummer: number | null; omschrijving: string | null; datum_status_gezet: string; toelichting: string | null; node: string }
interface DocumentRij {
  zaak_id: number; identificatie: string; titel: string | null; dct_omschrijving: string | null; creatiedatum: string | null; versie: number;
  grootte: number | string | null; content_type: string | null; bestandsnaam: string | null;
}
type Kennisgeving = Omit<OutboxRow, 'bericht'>;

/** The statussen of a zaak as a timeline, oldest first; the last one is the current status. */
function tijdlijn(statussen: StatusRij[]): Html {
  if (!statussen.length) return html`<p class="noot">Nog geen status.</p>`;
  return html`<ol class="tijdlijn">${statussen.map((s, i) => {
    const door = gezetDoor(s.node);
    return html`<li class="${i === statussen.length - 1 ? 'huidig' : ''}"><span class="wanneer">${datum(s.datum_status_gezet)}</span>
<span><strong>${s.omschrijving}</strong>${s.volgnummer !== null ? html` <span class="code">${s.volgnummer}</span>` : ''}</span>
${s.toelichting ? html`<span class="toelichting">${s.toelichting}</span>` : ''}${door ? html`<span class="door">gezet door ${door}</span>` : ''}</li>`;
  })}</ol>`;
}

/** The attributes the summary shows, from the zaak as stored. */
function attributenVan(attributen: string): { toelichting?: string; einddatumGepland?: string; kenmerken: string[] } {
  const a = decodeContent(attributen).a;
  const v = (n: string) => value(a.find((x) => x.name === n));
  const kenmerken = a.filter((x) => x.name === 'kenmerk').map((k) => {
    const bron = textAt(k, 'bron');
    return `${textAt(k, 'kenmerk') ?? ''}${bron ? ` (${bron})` : ''}`;
  });
  return { toelichting: v('toelichting'), einddatumGepland: v('einddatumGepland'), kenmerken };
}

const BERICHTSOORT: Record<string, string> = { zakLk01: 'zaak (zakLk01)', edcLk01: 'document (edcLk01)' };

/** Delivered, retrying (with its attempts and last error), waiting, or dead. */
function toestand(k: Kennisgeving): Html {
  if (k.toestand === 'bezorgd') return html`<span class="label bezorgd">bezorgd</span> <span class="noot">${moment(k.bezorgd_op)}</span>`;
  if (k.toestand === 'dood') return html`<span class="label dood">dood</span>`;
  return k.pogingen
    ? html`<span class="label opnieuw">opnieuw proberen</span> <span class="noot">vanaf ${moment(k.volgende_poging)}</span>`
    : html`<span class="label wachtend">wachtend</span>`;
}

function kennisgevingen(lijst: Kennisgeving[]): Waarde {
  if (!lijst.length) return html`<p class="noot">Geen kennisgevingen.</p>`;
  return html`<table class="kennisgevingen"><thead><tr><th>#</th><th>Zaak</th><th>Abonnee</th><th>Bericht</th><th>Gebeurtenissen</th><th>Aangemaakt</th><th>Toestand</th><th>Pogingen</th><th>Laatste fout</th></tr></thead>
<tbody>${lijst.map((k) => html`<tr class="toestand-${k.toestand}"><td>${k.id}</td><td>${k.zaak_identificatie}</td><td>${k.abonnee}</td><td>${BERICHTSOORT[k.berichtsoort] ?? k.berichtsoort}</td>
<td>${(k.gebeurtenissen ?? '').replace(/,/g, ', ')}</td><td>${moment(k.aangemaakt_op)}</td><td>${toestand(k)}</td><td>${k.pogingen}</td><td class="fouttekst">${k.laatste_fout?.slice(0, 500)}</td></tr>`)}</tbody></table>`;
}

function documenten(lijst: DocumentRij[], zaakVan: Map<number, string>): Waarde {
  if (!lijst.length) return html`<p class="noot">Geen documenten.</p>`;
  return html`<table class="documenten"><thead><tr><th>Zaak</th><th>Document</th><th>Titel</th><th>Documenttype</th><th>Creatiedatum</th><th>Bestand</th><th>Grootte</th><th></th></tr></thead>
<tbody>${lijst.map((d) => html`<tr><td>${zaakVan.get(Number(d.zaak_id))}</td><td>${d.identificatie}</td><td>${d.titel}</td><td>${d.dct_omschrijving}</td><td>${datum(d.creatiedatum)}</td>
<td>${d.bestandsnaam}<br><span class="noot">${d.content_type}</span></td><td>${grootte(d.grootte)}</td>
<td>${d.grootte !== null ? html`<a class="knop" href="/dashboard/document/${pad(d.identificatie)}">Downloaden</a>` : html`<span class="noot">geen inhoud</span>`}</td></tr>`)}</tbody></table>`;
}

function deelplan(d: MetStatus, typen: Zaaktypen, statussen: StatusRij[]): Html {
  return html`<article class="deelplan"><h3>${zaakLink(d.identificatie)} ${toestandZaak(d.einddatum)}</h3>
<dl><dt>Zaaktype</dt><dd>${zaaktype(typen, d.zaaktype_code)}</dd><dt>Backoffice</dt><dd>${zenderNaam(d.aangemaakt_door)}</dd>
<dt>Huidige status</dt><dd>${d.status ?? '—'}</dd><dt>Start</dt><dd>${datum(d.startdatum)}</dd></dl>
${tijdlijn(statussen)}</article>`;
}

export async function zaakPagina(v: Ingelogd, identificatie: string): Promise<void> {
  const { db, config } = v.gateway;
  const [zaak] = await rijen<ZaakKop & { attributen: string }>(db, zaakMetIdentificatie(identificatie, v.gebruiker.gemeente));
  if (!zaak) return melding(v, 404, 'Niet gevonden', `Er is geen zaak ${identificatie}.`);
  const [hoofdzaak] = await rijen<ZaakKop>(db, hoofdzaakVan(zaak.id));
  const alleDeelplannen = await rijen<MetStatus>(db, deelplannenVan(zaak.id, LIMIET.deelplannen + 1));
  const deelplannen = alleDeelplannen.slice(0, LIMIET.deelplannen);
  const zaakVan = new Map<number, string>([[zaak.id, zaak.identificatie], ...deelplannen.map((d) => [d.id, d.identificatie] as [number, string])]);
  const ids = [...zaakVan.keys()];
  const betrokkenen = await rijen<{ rol: string; soort: string | null; identificatie: string | null; bsn: string | null; node: string }>(db, betrokkenenVan(zaak.id, LIMIET.betrokkenen + 1));
  const statussen = await rijen<StatusRij>(db, statussenVan(ids, LIMIET.statussen + 1));
  const docs = await rijen<DocumentRij>(db, documentenVan(ids, LIMIET.documenten + 1));
  const meldingen = await lijst(db, { zaakIds: ids, limit: LIMIET.kennisgevingen + 1 });
  const typen = await zaaktypen(db, [zaak.zaaktype_code, ...deelplannen.map((d) => d.zaaktype_code)]);

  const personen = betrokkenen.slice(0, LIMIET.betrokkenen).map(persoonVan);
  const getoondeDocs = docs.slice(0, LIMIET.documenten);
  const soort = soortVan(zaak.zaaktype_code, config.koppeling);
  await vastleggen(v, soort === 'Gezinsplan' ? 'gezinsplan' : 'zaak', {
    zaken: [zaak.identificatie, ...(hoofdzaak ? [hoofdzaak.identificatie] : []), ...deelplannen.map((d) => d.identificatie)],
    bsns: personen.flatMap((p) => (p.bsn ? [p.bsn] : [])),
    documenten: getoondeDocs.map((d) => d.identificatie),
  });

  const statussenVanZaak = (id: number) => statussen.filter((s) => Number(s.zaak_id) === id);
  const eigen = statussenVanZaak(zaak.id);
  const k = attributenVan(zaak.attributen);
  const huidig = eigen.at(-1)?.omschrijving;
  stuurHtml(v, 200, pagina({ titel: `${soort} ${zaak.identificatie}`, gebruiker: v.gebruiker, csrf: v.csrf }, html`
${hoofdzaak ? html`<p class="kruimel">Onderdeel van ${soortVan(hoofdzaak.zaaktype_code, config.koppeling).toLowerCase()} ${zaakLink(hoofdzaak.identificatie)} ${hoofdzaak.omschrijving}</p>` : ''}
<h1>${soort} ${zaak.identificatie} ${toestandZaak(zaak.einddatum)}</h1>
<p class="ondertitel">${zaak.omschrijving}</p>
<section class="kaart samenvatting"><dl>
<dt>Zaaktype</dt><dd>${zaaktype(typen, zaak.zaaktype_code)}</dd>
<dt>Huidige status</dt><dd>${huidig ?? '—'}</dd>
<dt>Startdatum</dt><dd>${datum(zaak.startdatum)}</dd>
<dt>Registratiedatum</dt><dd>${datum(zaak.registratiedatum)}</dd>
${k.einddatumGepland ? html`<dt>Einddatum gepland</dt><dd>${datum(k.einddatumGepland)}</dd>` : ''}
${zaak.einddatum ? html`<dt>Einddatum</dt><dd>${datum(zaak.einddatum)}</dd>` : ''}
<dt>Aangemaakt door</dt><dd>${zenderNaam(zaak.aangemaakt_door)}</dd>
${k.kenmerken.length ? html`<dt>Kenmerken</dt><dd>${k.kenmerken.join(', ')}</dd>` : ''}
${k.toelichting ? html`<dt>Toelichting</dt><dd>${k.toelichting}</dd>` : ''}
</dl><p><a href="/dashboard/zaak/${pad(zaak.identificatie)}/berichten">Berichtenlog van deze zaak</a></p></section>

<h2>Personen</h2>
${personen.length ? html`<table class="personen"><thead><tr><th>Rol</th><th>Omschrijving</th><th>Naam</th><th>BSN</th><th>Soort</th></tr></thead>
<tbody>${personen.map((p) => html`<tr><td>${p.rol}</td><td>${p.omschrijving}</td><td>${p.naam}</td><td class="bsn">${p.bsn ?? p.identificatie}</td><td>${p.soort}</td></tr>`)}</tbody></table>${meer(betrokkenen.length, LIMIET.betrokkenen)}`
    : html`<p class="noot">Geen personen.</p>`}

${deelplannen.length || soort === 'Gezinsplan' ? html`<h2>Deelplannen (${deelplannen.length})</h2>
${deelplannen.length ? html`<div class="deelplannen">${deelplannen.map((d) => deelplan(d, typen, statussenVanZaak(d.id)))}</div>` : html`<p class="noot">Nog geen deelplannen.</p>`}
${meer(alleDeelplannen.length, LIMIET.deelplannen)}` : ''}

<h2>Statusgeschiedenis</h2>
${tijdlijn(eigen)}${meer(statussen.length, LIMIET.statussen)}

<h2>Documenten</h2>
${documenten(getoondeDocs, zaakVan)}${meer(docs.length, LIMIET.documenten)}

<h2>Kennisgevingen</h2>
${kennisgevingen(meldingen.slice(0, LIMIET.kennisgevingen))}${meer(meldingen.length, LIMIET.kennisgevingen)}
`));
}
