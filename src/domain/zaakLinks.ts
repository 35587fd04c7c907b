// Zaak-zaak links: deelzaak/hoofdzaak (ZAKZAKDEL, owned by the hoofdzaak) and heeftBetrekkingOpAndere (ZAKZAKBTR).
// The gerelateerde must exist (verwerkingssoort I, KVS); a zaak cannot be its own deelzaak, and a deelzaak
// has one hoofdzaak. Under a gezinsplan (sociaal domein, guide §6.3) only deelplan zaaktypen are deelzaken, and
// a creeerZaak may carry the link only when the configuration allows it.
import type { Knex } from 'knex';
import type { ZaakLink } from './zaak.ts';
import { notFound, processing } from '../stuf/errors.ts';
import { findZaak, insertZaak, linkZaken, unlinkZaken, type LinkSoort, type ZaakRow } from '../store/zaken.ts';
import { readZaak } from '../operations/read/zaak.ts';

/**
 * The zaak a link points to. A gerelateerde with verwerkingssoort T is created (kerngegevens only) when it is
 * unknown, as StUF §5.2.6 says; with I it must exist.
 */
async function target(trx: Knex, l: ZaakLink, rol: string, gemeente: string): Promise<ZaakRow> {
  const z = await findZaak(trx, l.identificatie, gemeente);
  if (z) return z;
  const gerelateerde = l.node.children.find((c) => c.name === 'gerelateerde');
  if (gerelateerde?.attrs['StUF:verwerkingssoort'] !== 'T') throw notFound(`${rol}: zaak ${l.identificatie} bestaat niet`);
  const kern = readZaak(gerelateerde);
  return insertZaak(trx, { ...kern, betrokkenen: [] }, null, 'gerelateerde', gemeente);
}

/** The gezinsplan/deelplan rules (configuration `koppeling`); `viaCreeerZaak`: the link comes with a creeerZaak. */
export interface Koppeling {
  gezinsplanZaaktypen: string[];
  deelplanZaaktypen: string[];
  deelplanViaCreeerZaak: boolean;
  viaCreeerZaak?: boolean;
}

function checkGezinsplan(hoofd: ZaakRow, deel: ZaakRow, k: Koppeling | undefined): void {
  if (!k || !hoofd.zaaktype_code || !k.gezinsplanZaaktypen.includes(hoofd.zaaktype_code)) return;
  if (!deel.zaaktype_code || !k.deelplanZaaktypen.includes(deel.zaaktype_code)) {
    throw processing(`Zaak ${deel.identificatie} (zaaktype ${deel.zaaktype_code ?? 'onbekend'}) kan geen deelplan zijn van gezinsplan ${hoofd.identificatie}; ` +
      `deelplan-zaaktypen zijn ${k.deelplanZaaktypen.join(', ')}`);
  }
  if (k.viaCreeerZaak && !k.deelplanViaCreeerZaak) {
    throw processing(`Een deelplan wordt hier niet met creeerZaak aan gezinsplan ${hoofd.identificatie} gekoppeld; koppel het met updateZaak op het gezinsplan (heeftAlsDeelzaak)`);
  }
}

async function isAncestor(trx: Knex, candidate: number, of: number): Promise<boolean> {
  // Walk up from `of` through its hoofdzaken; zaakniveau is at most 3, so the walk is short.
  let current = [of];
  for (let depth = 0; depth < 10 && current.length; depth++) {
    const up = await trx('zaak_zaak').whereIn('andere_zaak_id', current).andWhere({ soort: 'DEL' }).pluck('zaak_id');
    if (up.includes(candidate)) return true;
    current = up;
  }
  return false;
}

export async function addDeelzaak(trx: Knex, hoofd: ZaakRow, l: ZaakLink, k?: Koppeling): Promise<void> {
  const deel = await target(trx, l, 'heeftAlsDeelzaak', hoofd.gemeente);
  if (deel.id === hoofd.id) throw processing(`Zaak ${hoofd.identificatie} kan niet zijn eigen deelzaak zijn`);
  checkGezinsplan(hoofd, deel, k);
  if (await isAncestor(trx, deel.id, hoofd.id)) throw processing(`Zaak ${deel.identificatie} is al (indirect) hoofdzaak van ${hoofd.identificatie}: een kring van deelzaken is niet toegestaan`);
  const other = await trx('zaak_zaak').where({ andere_zaak_id: deel.id, soort: 'DEL' }).whereNot({ zaak_id: hoofd.id }).first('zaak_id');
  if (other) throw processing(`Zaak ${deel.identificatie} is al deelzaak van een andere hoofdzaak`);
  await linkZaken(trx, hoofd.id, deel.id, 'DEL');
}

export async function addHoofdzaak(trx: Knex, deel: ZaakRow, l: ZaakLink, k?: Koppeling): Promise<void> {
  const hoofd = await target(trx, l, 'heeftAlsHoofdzaak', deel.gemeente);
  await addDeelzaak(trx, hoofd, { identificatie: deel.identificatie, node: l.node }, k);
}

export async function addAndereZaak(trx: Knex, zaak: ZaakRow, l: ZaakLink): Promise<void> {
  const andere = await target(trx, l, 'heeftBetrekkingOpAndere', zaak.gemeente);
  await linkZaken(trx, zaak.id, andere.id, 'BTR', l.node);
}

export async function removeLink(trx: Knex, zaak: ZaakRow, l: ZaakLink, soort: LinkSoort, reverse = false): Promise<void> {
  const other = await target(trx, l, soort === 'DEL' ? (reverse ? 'heeftAlsHoofdzaak' : 'heeftAlsDeelzaak') : 'heeftBetrekkingOpAndere', zaak.gemeente);
  const n = reverse ? await unlinkZaken(trx, other.id, zaak.id, soort) : await unlinkZaken(trx, zaak.id, other.id, soort);
  if (!n) throw notFound(`Relatie tussen zaak ${zaak.identificatie} en ${other.identificatie} bestaat niet`);
}
