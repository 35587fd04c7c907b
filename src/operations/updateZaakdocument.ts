// updateZaakdocument (Di02 -> Bv02), ZDS12 §4.3.6: checkin. A new version of the document's metadata and/or
// content from the nieuw object of edcLk02 (mutatiesoort W); a checked-out document only with its checkedOutId,
// which the update releases.
import { notFound, processing, StufCode, StufError } from '../stuf/errors.ts';
import { decodeAttributen, findDocument, updateDocument } from '../store/documenten.ts';
import { schrijfInhoud } from '../store/inhoud.ts';
import { attributenToepassen } from '../domain/wijziging.ts';
import { child, kids, textAt } from '../xml/tree.ts';
import type { Operation } from './context.ts';
import { checkGrootte, readDocument } from './read/document.ts';

/** The checkedOutId must match a checkout; without a checkout the update is allowed (guide #12). */
export function checkCheckedOutId(row: { checked_out_id: string | null; identificatie: string }, given: string | undefined): void {
  if (row.checked_out_id && row.checked_out_id !== given) {
    throw processing(given ? `checkedOutId '${given}' hoort niet bij de checkout van document ${row.identificatie}`
      : `Document ${row.identificatie} is uitgecheckt; geef de checkedOutId mee`);
  }
}

export const updateZaakdocument: Operation = async (ctx) => {
  const kennisgeving = child(ctx.message, 'edcLk02');
  const objs = kids(kennisgeving, 'object');
  if (objs.length < 1 || objs.length > 2) throw new StufError(StufCode.schema, `updateZaakdocument verwacht een oud en een nieuw object, niet ${objs.length}`);
  const nieuw = readDocument(objs[objs.length - 1], ctx.bijlagen);
  checkGrootte(nieuw, ctx.config.maxDocumentBytes);
  const id = nieuw.identificatie ?? textAt(objs[0], 'identificatie');
  if (!id) throw processing('Het document heeft geen identificatie');
  const row = await findDocument(ctx.db, id, ctx.gemeente);
  if (!row) throw notFound(`Document ${id} bestaat niet`);
  checkCheckedOutId(row, textAt(child(ctx.message, 'parameters'), 'checkedOutId'));
  const inhoud = nieuw.inhoud ? await schrijfInhoud(ctx.db, nieuw.inhoud.delen(), nieuw.inhoud) : undefined;
  await updateDocument(ctx.db, row, attributenToepassen(nieuw.attributes, decodeAttributen(row.attributen)), inhoud?.id ?? row.inhoud_id);
  return ctx.reply.bv02();
};
