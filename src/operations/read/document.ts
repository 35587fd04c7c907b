// Reads an EDC object of a kennisgeving (voegZaakdocumentToe, maakZaakdocument; every dialect) into a DocumentInput.
import { DOCUMENT_ATTRIBUTES, type DocumentInput, type Inhoud } from '../../domain/document.ts';
import { isNil, textAt, type XNode } from '../../xml/tree.ts';
import { processing } from '../../stuf/errors.ts';
import { base64Delen, base64Lengte, binaireDelen } from '../../store/inhoud.ts';
import type { Bijlagen } from '../../soap/bijlagen.ts';

const ATTRS = new Set<string>(DOCUMENT_ATTRIBUTES);

/** XSD enumeration of vertrouwelijkAanduiding (guide §4.5). */
const VERTROUWELIJKHEID = new Set(['ZEER GEHEIM', 'GEHEIM', 'CONFIDENTIEEL', 'VERTROUWELIJK', 'ZAAKVERTROUWELIJK', 'INTERN', 'BEPERKT OPENBAAR', 'OPENBAAR']);

/**
 * Clients send 'Openbaar' (ZaakBrug's Portaal Leefomgeving, accepted under lenient validation); stored as sent it
 * would make every later answer schema-invalid, so a value that matches the enumeration but for case is stored
 * in its XSD form.
 */
function canonical(node: XNode): XNode {
  if (node.name !== 'vertrouwelijkAanduiding') return node;
  const upper = node.text.toUpperCase();
  return upper !== node.text && VERTROUWELIJKHEID.has(upper) ? { ...node, text: upper } : node;
}

/** Refuses content larger than the configured maximum before anything is stored. */
export function checkGrootte(d: DocumentInput, max: number): void {
  const n = d.inhoud?.grootte ?? 0;
  if (n > max) throw processing(`Document ${d.identificatie ?? ''} heeft ${n} bytes inhoud; het maximum is ${max} bytes (STUF_MAX_DOCUMENT_BYTES)`);
}

/** The content of an inhoud element: inline base64, or what src/soap/bijlagen.ts kept under the token it holds. */
function inhoudVan(node: XNode, bijlagen: Bijlagen | undefined): Inhoud {
  const b = bijlagen?.get(node.text);
  const meta = { contentType: node.attrs['xmime:contentType'] ?? (b && 'binair' in b ? b.contentType : undefined), bestandsnaam: node.attrs['StUF:bestandsnaam'] };
  if (b && 'binair' in b) return { ...meta, grootte: b.binair.length, delen: () => binaireDelen(b.binair) };
  const base64 = b?.base64 ?? node.text;
  return { ...meta, grootte: base64Lengte(base64), delen: () => base64Delen(base64) };
}

export function readDocument(object: XNode, bijlagen?: Bijlagen): DocumentInput {
  const d: DocumentInput = { identificatie: textAt(object, 'identificatie'), attributes: [], zaken: [] };
  for (const c of object.children) {
    if (ATTRS.has(c.name)) d.attributes.push(canonical(c));
    else if (c.name === 'inhoud' && !isNil(c)) {
      d.inhoud = inhoudVan(c, bijlagen);
    } else if (c.name === 'isRelevantVoor' && !isNil(c)) {
      const id = textAt(c, 'gerelateerde', 'identificatie');
      if (id) d.zaken.push({ identificatie: id, node: c });
    }
  }
  return d;
}
