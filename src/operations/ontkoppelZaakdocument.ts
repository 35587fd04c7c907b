// ontkoppelZaakdocument (Di02 -> Bv02), ZDS12 §4.3.9: removes the link between a document and a zaak. The oud
// object names the link (isRelevantVoor verwerkingssoort V); nothing else changes. A checked-out document stays linked.
import { notFound, processing, StufCode, StufError } from '../stuf/errors.ts';
import { findDocument, unlinkDocument } from '../store/documenten.ts';
import { findZaak } from '../store/zaken.ts';
import { child, kids, textAt } from '../xml/tree.ts';
import type { Operation } from './context.ts';

export const ontkoppelZaakdocument: Operation = async (ctx) => {
  const objs = kids(child(ctx.message, 'edcLk02'), 'object');
  if (!objs.length) throw new StufError(StufCode.schema, 'ontkoppelZaakdocument zonder object');
  const id = textAt(objs[0], 'identificatie');
  if (!id) throw processing('Het document heeft geen identificatie');
  const row = await findDocument(ctx.db, id, ctx.gemeente);
  if (!row) throw notFound(`Document ${id} bestaat niet`);
  if (row.checked_out_id) throw processing(`Document ${id} is uitgecheckt en kan niet worden ontkoppeld`);
  const zaken = kids(objs[0], 'isRelevantVoor').map((r) => textAt(r, 'gerelateerde', 'identificatie')).filter((z): z is string => !!z);
  if (!zaken.length) throw processing('Het oud-object noemt geen zaak (isRelevantVoor) om te ontkoppelen');
  for (const z of zaken) {
    const zaak = await findZaak(ctx.db, z, ctx.gemeente);
    if (!zaak || !(await unlinkDocument(ctx.db, zaak.id, row.id))) throw notFound(`Document ${id} is niet gekoppeld aan zaak ${z}`);
  }
  return ctx.reply.bv02();
};
