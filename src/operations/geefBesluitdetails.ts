// geefBesluitdetails (BslLv01 -> BslLa01), ZDS12 §4.1.10: one besluit by identificatie with its zaak and
// documents. Nothing found: no antwoord (StUF §6.4).
import { ALLES, messageScope } from '../stuf/scope.ts';
import { StufError } from '../stuf/errors.ts';
import { documentenVanBesluit, findBesluit, zaakVanBesluit } from '../store/besluiten.ts';
import { textAt } from '../xml/tree.ts';
import { leaf } from '../xml/writer.ts';
import type { Operation } from './context.ts';
import { renderBesluit } from './write/besluit.ts';

export const geefBesluitdetails: Operation = async (ctx) => {
  const id = textAt(ctx.message, 'gelijk', 'identificatie');
  if (!id) throw new StufError('StUF055', 'gelijk/identificatie ontbreekt', { plek: 'client' });
  const parameters = leaf('StUF:indicatorVervolgvraag', 'false');
  const row = await findBesluit(ctx.db, id, ctx.gemeente);
  if (!row) return ctx.reply.la01(parameters, undefined);
  const zaak = await zaakVanBesluit(ctx.db, row.zaak_id);
  const documenten = await documentenVanBesluit(ctx.db, row.id);
  const rc = { vorm: 'generiek' as const, zaaktypen: await ctx.catalogue.zaaktypenVan(ctx.db, zaak?.zaaktype_code ? [zaak.zaaktype_code] : []),
    statustypen: new Map(), alleenLaatsteStatus: false };
  return ctx.reply.la01(parameters, renderBesluit({ row, zaak, documenten }, messageScope(ctx.message) ?? ALLES, rc));
};
