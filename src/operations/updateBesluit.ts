// updateBesluit (BslLk01 W -> Bv03), ZDS12 §4.1.8: oud is compared with the stored besluit (StUF058 on a
// difference, or only logged by the oudCheck policy, as for updateZaak), then nieuw is applied.
import { attributenToepassen, attributenVerschil } from '../domain/wijziging.ts';
import { log } from '../log.ts';
import { notFound, processing, StufCode, StufError } from '../stuf/errors.ts';
import { decodeBesluit, findBesluit, updateBesluit as slaOp } from '../store/besluiten.ts';
import type { Operation } from './context.ts';
import { readBesluit } from './read/besluit.ts';
import { objects } from './read/zaak.ts';
import { oudCheckOf } from './updateZaak.ts';

export const updateBesluit: Operation = async (ctx) => {
  const objs = objects(ctx.message);
  if (objs.length < 1 || objs.length > 2) throw new StufError(StufCode.schema, `updateBesluit verwacht een oud en een nieuw object, niet ${objs.length}`);
  const oud = objs.length === 2 ? readBesluit(objs[0]) : undefined;
  const nieuw = readBesluit(objs[objs.length - 1]);
  const id = nieuw.identificatie ?? oud?.identificatie;
  if (!id) throw processing('Het besluit heeft geen identificatie');
  if (oud?.identificatie && oud.identificatie !== id) throw processing(`Oud (${oud.identificatie}) en nieuw (${id}) noemen een ander besluit`);
  const row = await findBesluit(ctx.db, id, ctx.gemeente);
  if (!row) throw notFound(`Besluit ${id} bestaat niet`);
  const stored = decodeBesluit(row.attributen);
  const verschil = oud && attributenVerschil(oud.attributes, stored);
  if (verschil) {
    if (oudCheckOf(ctx) !== 'log') throw processing(`Oud komt niet overeen met het opgeslagen besluit ${id}: ${verschil}`.slice(0, 1000));
    log.warn('oud wijkt af van het opgeslagen besluit; nieuw wordt toch verwerkt (oudCheck=log)', { besluit: id, verschil });
  }
  if (!(await slaOp(ctx.db, row, attributenToepassen(nieuw.attributes, stored)))) throw processing(`Besluit ${id} is tegelijk door een ander bericht gewijzigd`);
  return ctx.reply.bv03();
};
