// The besluit (BSL) as the domain sees it: attribute content in StUF form (XNode), as sent.
import type { XNode } from '../xml/tree.ts';

/** BSL attributes in XSD order (zkn0310 BSL-basis). */
export const BESLUIT_ATTRIBUTES = [
  'identificatie', 'bst.omschrijving', 'bst.omschrijvingGeneriek', 'bst.categorie', 'bst.reactietermijn', 'bst.publicatieIndicatie',
  'bst.publicatieTekst', 'bst.publicatieTermijn', 'datumBeslissing', 'toelichting', 'ingangsdatumWerking', 'einddatumWerking',
  'vervalreden', 'datumPublicatie', 'datumVerzending', 'datumUiterlijkeReactie', 'tijdvakGeldigheid', 'tijdstipRegistratie', 'extraElementen',
] as const;

export interface BesluitInput {
  identificatie?: string;
  attributes: XNode[];
  /** isVastgelegdIn: identificaties of the documents the besluit is laid down in */
  documenten: string[];
}
