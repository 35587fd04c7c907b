// The document (EDC) as the domain sees it: attribute content stays in StUF form (XNode) so that every
// attribute a client sent comes back unchanged; the content travels as bytes, never as XML.
import type { XNode } from '../xml/tree.ts';

/** EDC attributes in XSD order (zkn0310 EDC-basis), without the content (`inhoud`). */
export const DOCUMENT_ATTRIBUTES = [
  'identificatie', 'dct.omschrijving', 'dct.omschrijvingGeneriek', 'dct.categorie', 'creatiedatum', 'ontvangstdatum', 'titel',
  'beschrijving', 'formaat', 'taal', 'versie', 'status', 'verzenddatum', 'vertrouwelijkAanduiding', 'auteur', 'link',
  'tijdvakGeldigheid', 'tijdstipRegistratie', 'extraElementen',
] as const;

/** Content as a message carried it: inline base64, base64 cut out of the request, or an MTOM attachment. */
export interface Inhoud {
  /** decoded size in bytes, known before decoding */
  grootte: number;
  /** the decoded bytes, part by part */
  delen(): Iterable<Buffer>;
  contentType?: string;
  bestandsnaam?: string;
}

export interface DocumentInput {
  identificatie?: string;
  attributes: XNode[];
  inhoud?: Inhoud;
  /** isRelevantVoor: the zaken the document belongs to, with the relation element as sent */
  zaken: { identificatie: string; node: XNode }[];
}
