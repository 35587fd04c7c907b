// The zaaktype catalogue (ZDS exchanges no ZTC content, ZDS12 §1.3 #6): zaaktypen and statustypen come
// from a configuration file. Mode strict: an unknown zaaktype/statustype is a StUF058 fault. Mode learn:
// what a message references is registered on first use (conformance runs against real messages).
import fs from 'node:fs';
import type { Knex } from 'knex';
import type { CatalogueMode } from '../config/index.ts';
import { processing } from '../stuf/errors.ts';

export interface StatustypeDef { volgnummer: number; omschrijving: string; code?: string; eindstatus?: boolean }
export interface ZaaktypeDef { code: string; omschrijving?: string; omschrijvingGeneriek?: string; zaakniveau?: number; statustypen?: StatustypeDef[] }

export interface Statustype { zaaktype_code: string; volgnummer: number; omschrijving: string; code: string | null; eindstatus: boolean }
export interface Zaaktype { code: string; omschrijving: string | null; omschrijving_generiek: string | null }

export function readCatalogueFile(file: string): ZaaktypeDef[] {
  try {
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { zaaktypen: ZaaktypeDef[] };
    if (!Array.isArray(json.zaaktypen)) throw new Error('no "zaaktypen" array');
    return json.zaaktypen;
  } catch (e) {
    throw new Error(`zaaktype catalogue ${file} cannot be read: ${(e as Error).message}`);
  }
}

/** Loads the configured catalogue into the store (insert or update; nothing is deleted). */
export async function loadCatalogue(db: Knex, defs: ZaaktypeDef[]): Promise<void> {
  await db.transaction(async (trx) => {
    for (const z of defs) {
      await trx('zaaktype').insert({ code: z.code, omschrijving: z.omschrijving ?? null, omschrijving_generiek: z.omschrijvingGeneriek ?? null, zaakniveau: z.zaakniveau ?? null, geleerd: false })
        .onConflict('code').merge(['omschrijving', 'omschrijving_generiek', 'zaakniveau']);
      for (const s of z.statustypen ?? []) {
        await trx('statustype').insert({ zaaktype_code: z.code, volgnummer: s.volgnummer, omschrijving: s.omschrijving, code: s.code ?? null, eindstatus: !!s.eindstatus })
          .onConflict(['zaaktype_code', 'volgnummer']).merge(['omschrijving', 'code', 'eindstatus']);
      }
    }
  });
}

export class Catalogue {
  constructor(readonly mode: CatalogueMode) {}

  async zaaktype(trx: Knex, code: string | undefined, omschrijving?: string): Promise<Zaaktype> {
    if (!code) throw processing('Het zaaktype (isVan/gerelateerde/code) ontbreekt');
    const row = await trx('zaaktype').where({ code }).first();
    if (row) return row;
    if (this.mode !== 'learn') throw processing(`Zaaktype '${code}' is niet bekend in de zaaktypecatalogus`);
    await trx('zaaktype').insert({ code, omschrijving: omschrijving ?? null, geleerd: true }).onConflict('code').ignore();
    return { code, omschrijving: omschrijving ?? null, omschrijving_generiek: null };
  }

  /** A statustype by volgnummer and/or omschrijving within a zaaktype (guide §4.4). */
  async statustype(trx: Knex, zaaktypeCode: string, volgnummer: number | undefined, omschrijving: string | undefined): Promise<Statustype> {
    let q = trx('statustype').where({ zaaktype_code: zaaktypeCode });
    if (volgnummer !== undefined) q = q.andWhere({ volgnummer });
    else if (omschrijving !== undefined) q = q.andWhere({ omschrijving });
    else throw processing('Het statustype (volgnummer of omschrijving) ontbreekt');
    const row = await q.first();
    if (row && (omschrijving === undefined || volgnummer === undefined || row.omschrijving === omschrijving || this.mode === 'learn')) {
      return { ...row, eindstatus: !!row.eindstatus };
    }
    if (row) throw processing(`Statustype ${volgnummer} van zaaktype '${zaaktypeCode}' heet '${row.omschrijving}', niet '${omschrijving}'`);
    if (this.mode !== 'learn') {
      throw processing(`Statustype ${volgnummer ?? ''} '${omschrijving ?? ''}' is niet bekend bij zaaktype '${zaaktypeCode}'`);
    }
    const st = { zaaktype_code: zaaktypeCode, volgnummer: volgnummer ?? 0, omschrijving: omschrijving ?? `Status ${volgnummer}`, code: null, eindstatus: false };
    await trx('statustype').insert(st).onConflict(['zaaktype_code', 'volgnummer']).ignore();
    return st;
  }
}
