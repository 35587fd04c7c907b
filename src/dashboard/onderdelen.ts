// Parts that several pages show the same way: a link to a zaak, its zaaktype by name, open or closed.
import type { Knex } from 'knex';
import { html, pad, type Html } from './html.ts';
import { datum } from './opmaak.ts';
import { rijen, zaaktypenVan } from './vragen.ts';

export const zaakLink = (identificatie: string): Html => html`<a href="/dashboard/zaak/${pad(identificatie)}">${identificatie}</a>`;

export type Zaaktypen = Map<string, string>;

/** The omschrijving of each zaaktype among `codes`, in one query. */
export async function zaaktypen(db: Knex, codes: (string | null)[]): Promise<Zaaktypen> {
  const uniek = [...new Set(codes.filter((c): c is string => !!c))];
  if (!uniek.length) return new Map();
  const r = await rijen<{ code: string; omschrijving: string | null }>(db, zaaktypenVan(uniek));
  return new Map(r.map((z) => [z.code, z.omschrijving ?? '']));
}

export const zaaktype = (typen: Zaaktypen, code: string | null): Html =>
  code ? html`<span class="code">${code}</span> ${typen.get(code) ?? ''}` : html``;

/** Open, or closed on its einddatum. */
export const toestandZaak = (einddatum: string | null): Html =>
  einddatum ? html`<span class="label gesloten">afgesloten ${datum(einddatum)}</span>` : html`<span class="label open">open</span>`;

/** A zender key `organisatie/applicatie/administratie/gebruiker` without its empty trailing parts: `0999/WMO`. */
export const zenderNaam = (key: string | null): string => key?.replace(/\/+$/, '') ?? '';
