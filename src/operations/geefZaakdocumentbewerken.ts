// geefZaakdocumentbewerken (Di02 -> Du02), ZDS12 §4.3.3: checkout. The document is locked for the requester, who
// gets a checkedOutId; until updateZaakdocument or cancelCheckout with that id, nobody else can check it out or
// change it. The answer carries the document as geefZaakdocumentLezen does.
import { randomUUID } from 'node:crypto';
import { notFound, processing, StufError } from '../stuf/errors.ts';
import { checkout, findDocument, zakenVan } from '../store/documenten.ts';
import { inhoudInfo, leesInhoud } from '../store/inhoud.ts';
import { ALLES } from '../stuf/scope.ts';
import { child, textAt } from '../xml/tree.ts';
import { leaf } from '../xml/writer.ts';
import type { Operation } from './context.ts';
import { renderDocument } from './write/document.ts';

export const geefZaakdocumentbewerken: Operation = async (ctx) => {
  const id = textAt(child(ctx.message, 'edcLv01'), 'gelijk', 'identificatie');
  if (!id) throw new StufError('StUF055', 'edcLv01/gelijk/identificatie ontbreekt', { plek: 'client' });
  const row = await findDocument(ctx.db, id);
  if (!row) throw notFound(`Document ${id} bestaat niet`);
  const door = ctx.stuurgegevens.zender?.gebruiker || ctx.stuurgegevens.zender?.applicatie || ctx.zender;
  const checkedOutId = randomUUID();
  if (!(await checkout(ctx.db, row.id, checkedOutId, door))) throw processing(`Document ${id} is al uitgecheckt; het kan pas weer na updateZaakdocument of cancelCheckout`);
  const inhoud = row.inhoud_id ? await inhoudInfo(ctx.db, row.inhoud_id) : undefined;
  const bytes = inhoud ? await leesInhoud(ctx.db, inhoud.id) : undefined;
  const zaken = await zakenVan(ctx.db, row.id);
  const codes = [...new Set(zaken.map((z) => z.zaak.zaaktype_code).filter((c): c is string => !!c))];
  const rc = { vorm: 'generiek' as const, zaaktypen: await ctx.catalogue.zaaktypenVan(ctx.db, codes), statustypen: new Map(), alleenLaatsteStatus: false };
  const p = ctx.reply.vrij;
  return ctx.reply.du02(`<${p}:parameters>${leaf(`${p}:checkedOutId`, checkedOutId)}${leaf(`${p}:checkedOutBy`, door)}</${p}:parameters>` +
    `<${p}:edcLa01 StUF:entiteittype="EDC" StUF:functie="antwoord"><ZKN:parameters/><ZKN:antwoord>` +
    `${renderDocument({ row, inhoud, bytes, zaken }, ALLES, 'bewerken', rc)}</ZKN:antwoord></${p}:edcLa01>`);
};
