// genereerZaak-, genereerDocument- and genereerBesluitIdentificatie (Di02 -> Du02), ZDS12 §4.1.6, §4.3.7, §4.1.9: a new,
// reserved identificatie in a `zaak`, `document` or `besluit` element of the dialect's vrij-bericht namespace.
import { reserveIdentificatie, type Soort } from '../store/identificaties.ts';
import { leaf } from '../xml/writer.ts';
import type { Operation } from './context.ts';

export function genereerIdentificatie(soort: Soort, element: 'zaak' | 'document' | 'besluit'): Operation {
  return async (ctx) => {
    const id = await reserveIdentificatie(ctx.db, ctx.config, soort, ctx.zender, ctx.gemeente);
    const p = ctx.reply.vrij;
    return ctx.reply.du02(`<${p}:${element} StUF:entiteittype="${soort}" StUF:functie="entiteit">${leaf('ZKN:identificatie', id)}</${p}:${element}>`);
  };
}
