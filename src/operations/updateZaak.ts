// updateZaak (Lk01 W -> Bv03), ZDS12 §4.1.5, ZDS 1.1 (ZKN:zakLk01 + SOAPAction updateZaak_Lk01) and 1.2
// (ZDS:updateZaak_ZakLk01): oud then nieuw; the engine in domain/wijziging.ts compares oud with what is
// stored and applies nieuw, all in the message's transaction.
import { perZender } from '../config/index.ts';
import { applyWijziging } from '../domain/wijziging.ts';
import { log } from '../log.ts';
import { processing, StufCode, StufError } from '../stuf/errors.ts';
import { stuf, type XNode } from '../xml/tree.ts';
import type { Operation, OperationContext } from './context.ts';
import { mutatiesoort, objects } from './read/zaak.ts';

/** The oud-check policy for this message's zender (config oudCheckPerZender, else oudCheck). */
export const oudCheckOf = (ctx: OperationContext) => perZender(ctx.config.oudCheckPerZender, ctx.stuurgegevens.zender, ctx.config.oudCheck);

export interface Shape {
  mutatiesoorten: string[];
  verwerkingssoorten: string[];
  /** accept a single object as nieuw without oud (real clients: Open Forms updateZaak, ZaakBrug/GISVG status) */
  single?: boolean;
}

/** Checks the shape of a W kennisgeving and returns [oud, nieuw]; oud is undefined for an accepted single object. */
export function oudNieuw(ctx: OperationContext, service: string, shape: Shape): [XNode | undefined, XNode] {
  const ms = mutatiesoort(ctx.message);
  if (ms !== undefined && !shape.mutatiesoorten.includes(ms)) {
    throw processing(`${service} verwacht mutatiesoort ${shape.mutatiesoorten.join(' of ')}, niet ${ms}`);
  }
  const objs = objects(ctx.message);
  const expected = shape.single && objs.length === 1 ? 1 : 2;
  if (objs.length !== expected) {
    throw new StufError(StufCode.schema, `${service} verwacht precies twee objecten (oud en nieuw), niet ${objs.length}`);
  }
  for (const [i, o] of objs.entries()) {
    const ent = stuf(o, 'entiteittype');
    if (ent !== undefined && ent !== 'ZAK') {
      throw new StufError(StufCode.entiteittypeUnsupported, `${service}: object ${i + 1} heeft entiteittype ${ent}, verwacht ZAK`, { plek: 'client' });
    }
    const vs = stuf(o, 'verwerkingssoort');
    if (vs !== undefined && !shape.verwerkingssoorten.includes(vs)) {
      throw processing(`${service}: object ${i + 1} heeft verwerkingssoort ${vs}; toegestaan is ${shape.verwerkingssoorten.join(' of ')}`);
    }
  }
  if (objs.length === 1) {
    log.warn('kennisgeving zonder oud-object: nieuw wordt zonder vergelijking verwerkt', { service, zender: ctx.zender });
    return [undefined, objs[0]];
  }
  return [objs[0], objs[1]];
}

export const updateZaak: Operation = async (ctx) => {
  // W and I (only relations change, guide §6.3) on the objects; C/F are corrections of the same shape.
  const [oud, nieuw] = oudNieuw(ctx, 'updateZaak', { mutatiesoorten: ['W', 'C', 'F'], verwerkingssoorten: ['W', 'I'], single: true });
  await applyWijziging(ctx.db, ctx.catalogue, oud, nieuw, { service: 'updateZaak', oudCheck: oudCheckOf(ctx), koppeling: ctx.config.koppeling, gemeente: ctx.gemeente });
  return ctx.reply.bv03();
};
