// overdragenZaak, ZDS12 §4.2.1. Di01: another zaaksysteem asks this one to take over a zaak; the request is
// recorded in the zaak's transfer history and acknowledged with Bv03 (accepting or refusing it is a later
// Du01 from this side, which needs outbound messages: issue #5). Du01: the answer to a transfer request
// ("Overdracht geaccepteerd" / "Overdracht geweigerd"); only an accepted transfer changes the system responsible
// for the zaak (zaak.beheerder: the zender of the Du01). Both are recorded.
import { notFound, processing, StufCode, StufError } from '../stuf/errors.ts';
import { findZaak } from '../store/zaken.ts';
import { voer } from '../store/lezen.ts';
import { child, kids, textAt } from '../xml/tree.ts';
import type { Operation, OperationContext } from './context.ts';

const GEACCEPTEERD = 'Overdracht geaccepteerd';

async function zaakVan(ctx: OperationContext) {
  const id = textAt(child(ctx.message, 'object'), 'identificatie');
  if (!id) throw new StufError(StufCode.schema, 'overdragenZaak zonder object/identificatie');
  const zaak = await findZaak(ctx.db, id, ctx.gemeente);
  if (!zaak) throw notFound(`Zaak ${id} bestaat niet`);
  return zaak;
}

async function vastleggen(ctx: OperationContext, zaakId: number, soort: 'verzoek' | 'antwoord', uitkomst: string | null): Promise<void> {
  const melding = kids(ctx.message, 'melding').map((m) => m.text).join('\n') || null;
  await voer(ctx.db, 'insert into zaak_overdracht (zaak_id, soort, uitkomst, zender, referentienummer, cross_refnummer, melding) values (?, ?, ?, ?, ?, ?, ?)',
    [zaakId, soort, uitkomst, ctx.zender.slice(0, 400), ctx.stuurgegevens.referentienummer?.slice(0, 80) ?? null,
      ctx.stuurgegevens.crossRefnummer?.slice(0, 80) ?? null, melding?.slice(0, 4000) ?? null]);
}

export const overdragenZaak: Operation = async (ctx) => {
  const zaak = await zaakVan(ctx);
  await vastleggen(ctx, zaak.id, 'verzoek', null);
  return ctx.reply.bv03();
};

export const overdragenZaakAntwoord: Operation = async (ctx) => {
  const zaak = await zaakVan(ctx);
  const uitkomst = textAt(child(ctx.message, 'object'), 'antwoord');
  if (!uitkomst) throw processing('overdragenZaak_Du01 zonder object/antwoord');
  await vastleggen(ctx, zaak.id, 'antwoord', uitkomst);
  if (uitkomst === GEACCEPTEERD) {
    const z = ctx.stuurgegevens.zender;
    await voer(ctx.db, 'update zaak set beheerder = ? where id = ?', [`${z?.organisatie ?? ''}/${z?.applicatie ?? ''}`.slice(0, 400), zaak.id]);
  }
  return ctx.reply.bv03();
};
