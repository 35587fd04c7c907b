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

/**
 * The catalogue changes only at start-up (loadCatalogue) and, in learn mode, by additions; rows read once are
 * kept in memory, so messages cost no catalogue round trips after warm-up. A miss goes to the database.
 */
export class Catalogue {
  private readonly zaaktypen = new Map<string, Zaaktype>();
  private readonly statustypen = new Map<string, Statustype>();

  constructor(readonly mode: CatalogueMode) {}

  /** The known zaaktypen among `codes` (one query for the ones not cached yet). */
  async zaaktypenVan(db: Knex, codes: string[]): Promise<Map<string, Zaaktype>> {
    const missing = [...new Set(codes.filter((c) => !this.zaaktypen.has(c)))];
    if (missing.length) {
      const rows: Zaaktype[] = await db('zaaktype').whereIn('code', missing).select('code', 'omschrijving', 'omschrijving_generiek');
      for (const r of rows) this.zaaktypen.set(r.code, r);
    }
    return this.zaaktypen;
  }

  /** Statustypen keyed `${zaaktype}/${volgnummer}`; `keys` are the ones needed. */
  async statustypenVan(db: Knex, keys: string[]): Promise<Map<string, Statustype>> {
    const missing = [...new Set(keys.filter((k) => !this.statustypen.has(k)).map((k) => k.slice(0, k.lastIndexOf('/'))))];
    if (missing.length) {
      const rows: Statustype[] = await db('statustype').whereIn('zaaktype_code', missing).select('zaaktype_code', 'volgnummer', 'omschrijving', 'code', 'eindstatus');
      for (const r of rows) this.statustypen.set(`${r.zaaktype_code}/${r.volgnummer}`, { ...r, eindstatus: !!r.eindstatus });
    }
    return this.statustypen;
  }

  async zaaktype(trx: Knex, code: string | undefined, omschrijving?: string): Promise<Zaaktype> {
    if (!code) throw processing('Het zaaktype (isVan/gerelateerde/code) ontbreekt');
    const row = (await this.zaaktypenVan(trx, [code])).get(code);
    if (row) return row;
    if (this.mode !== 'learn') throw processing(`Zaaktype '${code}' is niet bekend in de zaaktypecatalogus`);
    await trx('zaaktype').insert({ code, omschrijving: omschrijving ?? null, geleerd: true }).onConflict('code').ignore();
    return { code, omschrijving: omschrijving ?? null, omschrijving_generiek: null };
  }

  /** A statustype by volgnummer and/or omschrijving within a zaaktype (guide §4.4). */
  async statustype(trx: Knex, zaaktypeCode: string, volgnummer: number | undefined, omschrijving: string | undefined): Promise<Statustype> {
    if (volgnummer === undefined && omschrijving === undefined) throw processing('Het statustype (volgnummer of omschrijving) ontbreekt');
    const known = await this.statustypenVan(trx, [`${zaaktypeCode}/${volgnummer ?? 0}`]);
    const row = volgnummer !== undefined ? known.get(`${zaaktypeCode}/${volgnummer}`)
      : [...known.values()].find((s) => s.zaaktype_code === zaaktypeCode && s.omschrijving === omschrijving);
    if (row && (omschrijving === undefined || volgnummer === undefined || row.omschrijving === omschrijving || this.mode === 'learn')) return row;
    if (row) throw processing(`Statustype ${volgnummer} van zaaktype '${zaaktypeCode}' heet '${row.omschrijving}', niet '${omschrijving}'`);
    if (this.mode !== 'learn') {
      throw processing(`Statustype ${volgnummer ?? ''} '${omschrijving ?? ''}' is niet bekend bij zaaktype '${zaaktypeCode}'`);
    }
    const st = { zaaktype_code: zaaktypeCode, volgnummer: volgnummer ?? 0, omschrijving: omschrijving ?? `Status ${volgnummer}`, code: null, eindstatus: false };
    await trx('statustype').insert(st).onConflict(['zaaktype_code', 'volgnummer']).ignore();
    return st;
  }
}
