// geefZaakdocumentLezen (EdcLv01 -> EdcLa01), ZDS12 §4.3.2, and the plain StUF-ZKN edcLv01: one document by
// identificatie with its metadata, its content and the zaken it is relevant for. Nothing found: no antwoord.
import { ALLES, messageScope } from '../stuf/scope.ts';
import { StufError } from '../stuf/errors.ts';
import { findDocument, zakenVan } from '../store/documenten.ts';
import { inhoudInfo, leesInhoud } from '../store/inhoud.ts';
import { textAt } from '../xml/tree.ts';
import { leaf } from '../xml/writer.ts';
import type { Operation } from './context.ts';
import { renderDocument } from './write/document.ts';

export const geefZaakdocumentLezen: Operation = async (ctx) => {
  const id = textAt(ctx.message, 'gelijk', 'identificatie');
  if (!id) throw new StufError('StUF055', 'gelijk/identificatie ontbreekt', { plek: 'client' });
  const scope = messageScope(ctx.message) ?? ALLES;
  const parameters = leaf('StUF:indicatorVervolgvraag', 'false');
  const row = await findDocument(ctx.db, id);
  if (!row) return ctx.reply.la01(parameters, undefined);
  const vorm = ctx.route.dialect === 'zds-1.2' ? 'lezen' : 'generiek';
  const inhoud = row.inhoud_id ? await inhoudInfo(ctx.db, row.inhoud_id) : undefined;
  const bytes = inhoud ? await leesInhoud(ctx.db, inhoud.id) : undefined;
  const zaken = await zakenVan(ctx.db, row.id);
  const codes = [...new Set(zaken.map((z) => z.zaak.zaaktype_code).filter((c): c is string => !!c))];
  const rc = { vorm: 'generiek' as const, zaaktypen: await ctx.catalogue.zaaktypenVan(ctx.db, codes), statustypen: new Map(), alleenLaatsteStatus: false };
  return ctx.reply.la01(parameters, renderDocument({ row, inhoud, bytes, zaken }, scope, vorm, rc));
};
