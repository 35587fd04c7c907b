// StUF terms as the dashboard shows them: what kind of zaak (gezinsplan, deelplan), the role of a betrokkene, and
// the name of a person or organisation as the message that stored it gave it.
import { readGerelateerde } from '../operations/read/zaak.ts';
import { decodeNode } from '../store/nodes.ts';
import { child, textAt, type XNode } from '../xml/tree.ts';
import type { Config } from '../config/index.ts';

export type Soort = 'Gezinsplan' | 'Deelplan' | 'Zaak';

export function soortVan(zaaktype: string | null, k: Config['koppeling']): Soort {
  if (zaaktype && k.gezinsplanZaaktypen.includes(zaaktype)) return 'Gezinsplan';
  if (zaaktype && k.deelplanZaaktypen.includes(zaaktype)) return 'Deelplan';
  return 'Zaak';
}

const ROLLEN: Record<string, string> = {
  heeftAlsInitiator: 'initiator', heeftBetrekkingOp: 'zaakobject', heeftAlsBelanghebbende: 'belanghebbende', heeftAlsGemachtigde: 'gemachtigde',
  heeftAlsUitvoerende: 'uitvoerende', heeftAlsVerantwoordelijke: 'verantwoordelijke', heeftAlsOverigBetrokkene: 'overig betrokkene',
};

export const rolNaam = (rol: string): string => ROLLEN[rol] ?? rol;

const VOLGORDE = Object.keys(ROLLEN);

/** The roles of one betrokkene in one zaak, each once, initiator first. */
export const rolNamen = (rollen: string[]): string[] =>
  [...new Set(rollen)].sort((a, b) => VOLGORDE.indexOf(a) - VOLGORDE.indexOf(b)).map(rolNaam);

/** The subject inside a relation's gerelateerde (natuurlijkPersoon, nietNatuurlijkPersoon, medewerker, ...). */
const subjectVan = (relatie: XNode) => child(relatie, 'gerelateerde')?.children.find((c) => c.children.length);

/** The name as stored: voornamen or voorletters, voorvoegsel and geslachtsnaam of a person; else the organisation's name. */
export function naamVan(subject: XNode | undefined): string {
  if (!subject) return '';
  const t = (n: string) => textAt(subject, n);
  const persoon = [t('voornamen') ?? t('voorletters'), t('voorvoegselGeslachtsnaam'), t('geslachtsnaam') ?? t('achternaam')].filter(Boolean).join(' ');
  return persoon || (t('statutaireNaam') ?? t('handelsnaam') ?? t('naam') ?? '');
}

export interface Persoon { rol: string; omschrijving: string; soort: string; naam: string; bsn: string | null; identificatie: string | null }

/** A stored betrokkene row (the relation element as sent) as the dashboard lists it. */
export function persoonVan(r: { rol: string; soort: string | null; identificatie: string | null; bsn: string | null; node: string }): Persoon {
  const relatie = decodeNode(r.node);
  return {
    rol: rolNaam(r.rol), omschrijving: textAt(relatie, 'omschrijving') ?? '', soort: r.soort ?? '', naam: naamVan(subjectVan(relatie)),
    bsn: r.bsn, identificatie: r.bsn ? null : r.identificatie,
  };
}

/** Who set a status (its isGezetDoor relation), as stored. */
export function gezetDoor(node: string): string {
  const relatie = child(decodeNode(node), 'isGezetDoor');
  return relatie ? naamVan(subjectVan(relatie)) || (readGerelateerde(child(relatie, 'gerelateerde')).identificatie ?? '') : '';
}
