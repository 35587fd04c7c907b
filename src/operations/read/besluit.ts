// Reads a BSL object (voegBesluitToe, updateBesluit) into a BesluitInput.
import { BESLUIT_ATTRIBUTES, type BesluitInput } from '../../domain/besluit.ts';
import { isNil, textAt, type XNode } from '../../xml/tree.ts';

const ATTRS = new Set<string>(BESLUIT_ATTRIBUTES);

export function readBesluit(object: XNode): BesluitInput {
  const b: BesluitInput = { identificatie: textAt(object, 'identificatie'), attributes: [], documenten: [] };
  for (const c of object.children) {
    if (ATTRS.has(c.name)) b.attributes.push(c);
    else if (c.name === 'isVastgelegdIn' && !isNil(c)) {
      const id = textAt(c, 'gerelateerde', 'identificatie');
      if (id) b.documenten.push(id);
    }
  }
  return b;
}
