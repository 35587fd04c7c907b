// genereerZaakIdentificatie (Di02 -> Du02), ZDS12 §4.1.6: a new, reserved zaak identificatie.
import { reserveIdentificatie } from '../store/identificaties.ts';
import { leaf } from '../xml/writer.ts';
import type { Operation } from './context.ts';

export const genereerZaakIdentificatie: Operation = async (ctx) => {
  const id = await reserveIdentificatie(ctx.db, ctx.config, 'ZAK', ctx.zender);
  const p = ctx.reply.vrij;
  return ctx.reply.du02(`<${p}:zaak StUF:entiteittype="ZAK" StUF:functie="entiteit">${leaf('ZKN:identificatie', id)}</${p}:zaak>`);
};
