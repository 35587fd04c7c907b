// geefZaakdocumentLezen (EdcLv01 -> EdcLa01), ZDS12 §4.3.2, and the plain StUF-ZKN edcLv01: one document by
// identificatie with its metadata, its content and the zaken it is relevant for. Nothing found: no antwoord.
import { ALLES, messageScope } from '../stuf/scope.ts';
import { StufError } from '../stuf/errors.ts';
import { findDocument } from '../store/documenten.ts';
import { documentAntwoord } from './read/documentAntwoord.ts';
import { textAt } from '../xml/tree.ts';
import { leaf } from '../xml/writer.ts';
import type { Operation } from './context.ts';
import { renderDocument } from './write/document.ts';

export const geefZaakdocumentLezen: Operation = async (ctx) => {
  const id = textAt(ctx.message, 'gelijk', 'identificatie');
  if (!id) throw new StufError('StUF055', 'gelijk/identificatie ontbreekt', { plek: 'client' });
  const scope = messageScope(ctx.message) ?? ALLES;
  const parameters = leaf('StUF:indicatorVervolgvraag', 'false');
  const row = await findDocument(ctx.db, id, ctx.gemeente);
  if (!row) return ctx.reply.la01(parameters, undefined);
  const { data, rc } = await documentAntwoord(ctx, row);
  return ctx.reply.la01(parameters, renderDocument(data, scope, ctx.route.dialect === 'zds-1.2' ? 'lezen' : 'generiek', rc));
};
