// voegBesluitToe (Di01 -> Bv03), ZDS12 §4.1.7: a besluit as the outcome of an existing zaak, laid down in
// existing documents where isVastgelegdIn names them.
import { notFound, processing, StufCode, StufError } from '../stuf/errors.ts';
import { findBesluit, insertBesluit, linkBesluitDocument } from '../store/besluiten.ts';
import { findDocument } from '../store/documenten.ts';
import { findZaak } from '../store/zaken.ts';
import { child, textAt } from '../xml/tree.ts';
import type { Operation } from './context.ts';
import { readBesluit } from './read/besluit.ts';

export const voegBesluitToe: Operation = async (ctx) => {
  const object = child(ctx.message, 'object');
  const besluit = child(object, 'besluit');
  if (!besluit) throw new StufError(StufCode.schema, 'voegBesluitToe zonder object/besluit');
  const b = readBesluit(besluit);
  const id = b.identificatie?.trim();
  if (!id) throw processing('Het besluit heeft geen identificatie');
  const zaakId = textAt(object, 'zaak', 'identificatie');
  if (!zaakId) throw processing('voegBesluitToe noemt geen zaak (object/zaak/identificatie)');
  const zaak = await findZaak(ctx.db, zaakId, ctx.gemeente);
  if (!zaak) throw notFound(`Zaak ${zaakId} bestaat niet`);
  if (await findBesluit(ctx.db, id, ctx.gemeente)) throw processing(`Besluit ${id} bestaat al`);
  const besluitId = await insertBesluit(ctx.db, id, zaak.id, b.attributes, ctx.zender, ctx.gemeente);
  for (const d of b.documenten) {
    const doc = await findDocument(ctx.db, d, ctx.gemeente);
    if (!doc) throw notFound(`Document ${d} (isVastgelegdIn) bestaat niet`);
    await linkBesluitDocument(ctx.db, besluitId, doc.id);
  }
  return ctx.reply.bv03();
};
