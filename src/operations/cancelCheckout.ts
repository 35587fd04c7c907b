// cancelCheckout (Di02 -> Bv02), ZDS12 §4.3.8: releases a checkout, only with its checkedOutId.
import { notFound, StufError } from '../stuf/errors.ts';
import { findDocument, releaseCheckout } from '../store/documenten.ts';
import { child, textAt } from '../xml/tree.ts';
import type { Operation } from './context.ts';
import { checkCheckedOutId } from './updateZaakdocument.ts';

export const cancelCheckout: Operation = async (ctx) => {
  const id = textAt(child(ctx.message, 'document'), 'identificatie');
  if (!id) throw new StufError('StUF055', 'document/identificatie ontbreekt', { plek: 'client' });
  const row = await findDocument(ctx.db, id, ctx.gemeente);
  if (!row) throw notFound(`Document ${id} bestaat niet`);
  checkCheckedOutId(row, textAt(child(ctx.message, 'parameters'), 'checkedOutId'));
  if (row.checked_out_id) await releaseCheckout(ctx.db, row.id);
  return ctx.reply.bv02();
};
