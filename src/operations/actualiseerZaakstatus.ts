// actualiseerZaakstatus (Lk01 W -> Bv03), ZDS12 §4.1.3, guide §6.6: oud with an empty `heeft`, nieuw with the
// new status (ZAKSTT T, gerelateerde STT T or I). The updateZaak engine adds it: unknown statustype and a
// duplicate datumStatusGezet are StUF058, the eindstatus closes the zaak. indicatorOvername I is processed too.
import { applyWijziging } from '../domain/wijziging.ts';
import { processing } from '../stuf/errors.ts';
import { isNil, kids, stuf } from '../xml/tree.ts';
import type { Operation } from './context.ts';
import { oudCheckOf, oudNieuw } from './updateZaak.ts';

export const actualiseerZaakstatus: Operation = async (ctx) => {
  // 1.2 XSD fixes W on the objects, KING-TI says I: accept both (guide §8.3). A status is an addition, so a
  // single object (seen from ZaakBrug/GISVG with mutatiesoort T) is accepted as nieuw.
  const [oud, nieuw] = oudNieuw(ctx, 'actualiseerZaakstatus', { mutatiesoorten: ['W', 'C', 'F', 'T'], verwerkingssoorten: ['W', 'I', 'T'], single: true });
  if (oud && [oud, nieuw].some((o) => stuf(o, 'verwerkingssoort') === 'T')) {
    throw processing('actualiseerZaakstatus: oud en nieuw hebben verwerkingssoort W (of I), niet T');
  }
  const nieuweStatus = kids(nieuw, 'heeft').filter((h) => !isNil(h) && h.children.length);
  if (!nieuweStatus.length) throw processing('actualiseerZaakstatus: het nieuw-object bevat geen status (heeft met gerelateerde statustype)');
  const { statussenToegevoegd } = await applyWijziging(ctx.db, ctx.catalogue, oud, nieuw, { service: 'actualiseerZaakstatus', oudCheck: oudCheckOf(ctx), koppeling: ctx.config.koppeling, gemeente: ctx.gemeente });
  if (!statussenToegevoegd) throw processing('actualiseerZaakstatus: de status in nieuw heeft geen verwerkingssoort T (toevoegen)');
  return ctx.reply.bv03();
};
