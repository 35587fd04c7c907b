// The plain StUF-ZKN 3.10 zaak kennisgeving (route 'zakLk01': SOAPAction .../zkn/0310/zakLk01, or no
// SOAPAction with root ZKN:zakLk01), dispatched on parameters/mutatiesoort (StUF §5.1):
//   T -> creeerZaak (one object), W -> the updateZaak engine (status additions included),
//   C/F -> corrections, applied like W (no formal history is kept),
//   V -> the zaak is no longer relevant: it is deleted with its relations (one object; StUF064 when unknown).
import { applyWijziging, compareWithStored, zaakOf } from '../domain/wijziging.ts';
import { processing, StufCode, StufError } from '../stuf/errors.ts';
import { deleteZaak } from '../store/zaken.ts';
import { stuf } from '../xml/tree.ts';
import type { Operation } from './context.ts';
import { createZaak } from './creeerZaak.ts';
import { mutatiesoort, objects, readZaak } from './read/zaak.ts';
import { oudCheckOf, oudNieuw } from './updateZaak.ts';

export const zakLk01: Operation = async (ctx) => {
  const ms = mutatiesoort(ctx.message);
  switch (ms) {
    case 'T': {
      const objs = objects(ctx.message);
      if (objs.length !== 1) throw new StufError(StufCode.schema, `zakLk01 met mutatiesoort T verwacht precies één object, niet ${objs.length}`);
      await createZaak(ctx.db, ctx.catalogue, readZaak(objs[0]), ctx.zender, ctx.config.koppeling, ctx.gemeente);
      return ctx.reply.bv03();
    }
    case 'W':
    case 'C':
    case 'F': {
      const [oud, nieuw] = oudNieuw(ctx, `zakLk01 (${ms})`, { mutatiesoorten: [ms], verwerkingssoorten: ['W', 'I'] });
      await applyWijziging(ctx.db, ctx.catalogue, oud, nieuw, { service: `zakLk01 (${ms})`, oudCheck: oudCheckOf(ctx), koppeling: ctx.config.koppeling, gemeente: ctx.gemeente });
      return ctx.reply.bv03();
    }
    case 'V': {
      const objs = objects(ctx.message);
      if (objs.length !== 1) throw new StufError(StufCode.schema, `zakLk01 met mutatiesoort V verwacht precies één object, niet ${objs.length}`);
      const vs = stuf(objs[0], 'verwerkingssoort');
      if (vs !== undefined && vs !== 'V') throw processing(`zakLk01 met mutatiesoort V: het object heeft verwerkingssoort ${vs}, verwacht V`);
      const ent = stuf(objs[0], 'entiteittype');
      if (ent !== undefined && ent !== 'ZAK') throw new StufError(StufCode.entiteittypeUnsupported, `zakLk01: object heeft entiteittype ${ent}, verwacht ZAK`, { plek: 'client' });
      const zaak = await zaakOf(ctx.db, objs[0], ctx.gemeente);
      // The object describes the zaak as the sender knows it: a zaak changed since is not deleted blindly.
      compareWithStored(zaak, readZaak(objs[0]), { service: 'zakLk01 (V)', oudCheck: oudCheckOf(ctx) });
      await deleteZaak(ctx.db, zaak.id);
      return ctx.reply.bv03();
    }
    default:
      throw processing(ms === undefined ? 'zakLk01 zonder parameters/mutatiesoort' : `zakLk01: mutatiesoort ${ms} wordt niet ondersteund (T, W, V, C of F)`);
  }
};
