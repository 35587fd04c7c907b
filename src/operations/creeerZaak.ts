// creeerZaak (Lk01 T -> Bv03), ZDS12 §4.1.4: the zaak with all its attributes and relations, in one transaction.
// Also the T-kennisgeving of the plain StUF-ZKN zakLk01.
import type { Knex } from 'knex';
import { addAndereZaak, addDeelzaak, addHoofdzaak, type Koppeling } from '../domain/zaakLinks.ts';
import { addStatus } from '../domain/status.ts';
import type { Catalogue } from '../domain/catalogue.ts';
import type { ZaakInput } from '../domain/zaak.ts';
import { processing, StufError, StufCode } from '../stuf/errors.ts';
import { findZaak, insertZaak } from '../store/zaken.ts';
import type { Operation } from './context.ts';
import { objects, readZaak } from './read/zaak.ts';

/** Characters that break CMIS folder names (ZDS12 §2.2.1). */
const FORBIDDEN = /[\\/"*?:<>|]/;

export async function createZaak(trx: Knex, catalogue: Catalogue, z: ZaakInput, zender: string, koppeling: Koppeling, gemeente: string): Promise<void> {
  const id = z.identificatie;
  if (!id || !id.trim()) throw processing('De zaak heeft geen identificatie');
  if (FORBIDDEN.test(id)) throw processing(`Zaakidentificatie '${id}' bevat een teken dat niet is toegestaan (\\ / " * ? : < > |)`);
  if (await findZaak(trx, id, gemeente)) throw processing(`Zaak ${id} bestaat al`);
  const zaaktype = await catalogue.zaaktype(trx, z.zaaktype?.code, z.zaaktype?.omschrijving);
  let zaak = await insertZaak(trx, z, zaaktype.code, zender, gemeente);
  const k = { ...koppeling, viaCreeerZaak: true };
  for (const l of z.deelzaken) await addDeelzaak(trx, zaak, l, k);
  for (const l of z.hoofdzaken) await addHoofdzaak(trx, zaak, l, k);
  for (const l of z.andereZaken) await addAndereZaak(trx, zaak, l);
  for (const s of z.statussen) zaak = await addStatus(trx, catalogue, zaak, s);
}

export const creeerZaak: Operation = async (ctx) => {
  const objs = objects(ctx.message);
  if (objs.length !== 1) throw new StufError(StufCode.schema, `creeerZaak verwacht precies één object, niet ${objs.length}`);
  await createZaak(ctx.db, ctx.catalogue, readZaak(objs[0]), ctx.zender, ctx.config.koppeling, ctx.gemeente);
  return ctx.reply.bv03();
};
