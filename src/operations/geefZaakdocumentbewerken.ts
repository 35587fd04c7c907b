// geefZaakdocumentbewerken (Di02 -> Du02), ZDS12 §4.3.3: checkout. The document is locked for the requester, who
// gets a checkedOutId; until updateZaakdocument or cancelCheckout with that id, nobody else can check it out or
// change it. The answer carries the document as geefZaakdocumentLezen does.
import { randomUUID } from 'node:crypto';
import { notFound, processing, StufError } from '../stuf/errors.ts';
import { checkout, findDocument } from '../store/documenten.ts';
import { documentAntwoord } from './read/documentAntwoord.ts';
import { ALLES } from '../stuf/scope.ts';
import { child, textAt } from '../xml/tree.ts';
import { leaf } from '../xml/writer.ts';
import type { Operation } from './context.ts';
import { renderDocument } from './write/document.ts';

export const geefZaakdocumentbewerken: Operation = async (ctx) => {
  const id = textAt(child(ctx.message, 'edcLv01'), 'gelijk', 'identificatie');
  if (!id) throw new StufError('StUF055', 'edcLv01/gelijk/identificatie ontbreekt', { plek: 'client' });
  const row = await findDocument(ctx.db, id, ctx.gemeente);
  if (!row) throw notFound(`Document ${id} bestaat niet`);
  const door = ctx.stuurgegevens.zender?.gebruiker || ctx.stuurgegevens.zender?.applicatie || ctx.zender;
  const checkedOutId = randomUUID();
  if (!(await checkout(ctx.db, row.id, checkedOutId, door))) throw processing(`Document ${id} is al uitgecheckt; het kan pas weer na updateZaakdocument of cancelCheckout`);
  const { data, rc } = await documentAntwoord(ctx, row);
  const p = ctx.reply.vrij;
  return ctx.reply.du02(`<${p}:parameters>${leaf(`${p}:checkedOutId`, checkedOutId)}${leaf(`${p}:checkedOutBy`, door)}</${p}:parameters>` +
    `<${p}:edcLa01 StUF:entiteittype="EDC" StUF:functie="antwoord"><ZKN:parameters/><ZKN:antwoord>` +
    `${renderDocument(data, ALLES, 'bewerken', rc)}</ZKN:antwoord></${p}:edcLa01>`);
};
