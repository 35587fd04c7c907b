// The zaak as the domain sees it: no XML, no SQL. Attribute content stays in StUF form (XNode) so that
// everything a client sent (every attribute and group the XSD carries) can be returned unchanged.
import type { XNode } from '../xml/tree.ts';

/** ZAK attributes in XSD order (zkn0310 ZAK-basis); answers follow this order. */
export const ZAAK_ATTRIBUTES = [
  'identificatie', 'omschrijving', 'toelichting', 'kenmerk', 'anderZaakObject', 'resultaat', 'startdatum', 'registratiedatum',
  'publicatiedatum', 'einddatumGepland', 'uiterlijkeEinddatum', 'einddatum', 'opschorting', 'verlenging', 'betalingsIndicatie',
  'laatsteBetaaldatum', 'archiefnominatie', 'datumVernietigingDossier', 'zaakniveau', 'deelzakenIndicatie',
  'tijdvakGeldigheid', 'tijdstipRegistratie', 'extraElementen',
] as const;

/** Attributes that repeat: in a W kennisgeving they come complete in oud and nieuw and replace the set (StUF §5.2.4). */
export const REPEATING = new Set(['kenmerk', 'anderZaakObject']);

/** ZAK relations in XSD order. */
export const ZAAK_RELATIONS = [
  'isVan', 'heeftBetrekkingOp', 'heeftAlsBelanghebbende', 'heeftAlsGemachtigde', 'heeftAlsInitiator', 'heeftAlsUitvoerende',
  'heeftAlsVerantwoordelijke', 'heeftAlsOverigBetrokkene', 'heeftAlsDeelzaak', 'heeftAlsHoofdzaak', 'heeftBetrekkingOpAndere',
  'heeft', 'heeftRelevant', 'leidtTot',
] as const;

/** Roles of betrokkenen and zaakobjecten, stored as rows of one table keyed by the relation name. */
export const BETROKKENE_ROLES = [
  'heeftBetrekkingOp', 'heeftAlsBelanghebbende', 'heeftAlsGemachtigde', 'heeftAlsInitiator', 'heeftAlsUitvoerende',
  'heeftAlsVerantwoordelijke', 'heeftAlsOverigBetrokkene',
] as const;
export type BetrokkeneRol = (typeof BETROKKENE_ROLES)[number];

export interface Betrokkene {
  rol: BetrokkeneRol;
  /** NPS, NNP, VES, MDW, OEH, or the OBJ kind of a zaakobject */
  soort?: string;
  identificatie?: string;
  bsn?: string;
  /** the relation element as sent */
  node: XNode;
}

export interface ZaakLink {
  identificatie: string;
  node: XNode;
}

export interface StatusInput {
  volgnummer?: number;
  omschrijving?: string;
  datumStatusGezet?: string;
  toelichting?: string;
  node: XNode;
}

/** Everything a kennisgeving says about one zaak. Absent means "not in the message". */
export interface ZaakInput {
  identificatie?: string;
  /** attribute elements (ZAAK_ATTRIBUTES) in message order */
  attributes: XNode[];
  zaaktype?: { code?: string; omschrijving?: string; node: XNode };
  betrokkenen: Betrokkene[];
  deelzaken: ZaakLink[];
  hoofdzaken: ZaakLink[];
  andereZaken: ZaakLink[];
  statussen: StatusInput[];
  /** relations present in the message (also when empty/nil), for W semantics */
  relationNodes: XNode[];
}
