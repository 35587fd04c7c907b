// The person lookup ("which open gezinsplan does this BSN belong to?") must stay an index lookup as the store
// grows: with 1,000,000 zaken on PostgreSQL (20,000 on SQLite; analysed), the plan of the zakLv01 selection on the BSN of the initiator and on the
// BSN of a zaakobject person must be driven by the betrokkene (bsn, rol) index, not walk the (open) zaken. The plan is
// printed as a test diagnostic; on PostgreSQL it comes from EXPLAIN, on SQLite from EXPLAIN QUERY PLAN.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDb, migrate, isPg, type Db } from '../src/store/db.ts';
import { zaakQuery } from '../src/store/zoeken.ts';
import type { Binding } from '../src/store/lezen.ts';
import type { ZaakSelectie } from '../src/stuf/selectie.ts';
import { openGezinsplannenQuery } from '../src/routing/regels.ts';
import { DATABASE_URL, freshDatabase } from './helpers.ts';

/** A municipality's full history on PostgreSQL (generate_series, about a minute); SQLite plans are stable from 20,000 on. */
const ZAKEN = /^postgres/.test(DATABASE_URL) ? 1_000_000 : 20_000;
const bsn = (i: number) => String(100000000 + i);

describe('zaak search plans', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let db: Db;

  before(async () => {
    fresh = await freshDatabase();
    db = createDb(fresh.url);
    await migrate(db);
    await db('zaaktype').insert({ code: 'GZP', omschrijving: 'Gezinsplan', zaakniveau: 1, geleerd: false });
    // zaken with an initiator and a zaakobject person each, in one statement per table
    const series = isPg(db) ? `select g as i from generate_series(1, ${ZAKEN}) g`
      : `with recursive s(i) as (select 1 union all select i + 1 from s where i < ${ZAKEN}) select i from s`;
    const text = (e: string) => (isPg(db) ? `(${e})::text` : `cast(${e} as text)`);
    await db.raw(`insert into zaak (identificatie, zaaktype_code, omschrijving, startdatum, registratiedatum, attributen, versie)
      select 'Z' || ${text('i')}, 'GZP', 'Gezinsplan', '20240101', '20240101', '{"a":[]}', 1 from (${series}) t`);
    await db.raw(`insert into betrokkene (zaak_id, rol, volgorde, soort, identificatie, bsn, node)
      select z.id, 'heeftAlsInitiator', 0, 'NPS', ${text(`100000000 + z.id`)}, ${text(`100000000 + z.id`)}, '[]' from zaak z`);
    await db.raw(`insert into betrokkene (zaak_id, rol, volgorde, soort, identificatie, bsn, node)
      select z.id, 'heeftBetrekkingOp', 1, 'NPS', ${text(`200000000 + z.id`)}, ${text(`200000000 + z.id`)}, '[]' from zaak z`);
    await db.raw('analyze');
  });
  after(async () => {
    await db?.destroy();
    await fresh?.drop();
  });

  /** The plan; on PostgreSQL executed (EXPLAIN ANALYZE), so that the diagnostic shows the time it took. */
  async function explain(q: { sql: string; bindings: Binding[] }): Promise<string> {
    const r = await db.raw(`${isPg(db) ? 'explain analyze' : 'explain query plan'} ${q.sql}`, q.bindings);
    const rows = (Array.isArray(r) ? r : r.rows) as Record<string, unknown>[];
    return rows.map((x) => String(x['QUERY PLAN'] ?? x.detail)).join('\n');
  }

  const plan = (sel: ZaakSelectie) => explain(zaakQuery(sel, { gemeente: '', sortering: 0, maximumAantal: 15 }));

  for (const [label, rol, nummer] of [['initiator', 'heeftAlsInitiator', bsn(12345)], ['zaakobject person', 'heeftBetrekkingOp', String(200000000 + 12345)]] as const) {
    it(`the open zaken of a BSN as ${label} are found through the betrokkene (bsn, rol) index`, async (t) => {
      const p = await plan({ betrokkenen: [{ rol, bsn: nummer }], open: true, alleenLaatsteStatus: false, genegeerd: [] });
      t.diagnostic(p);
      assert.match(p, /betrokkene_bsn_rol_index/, p);
      // not driven by the zaken: no scan of zaak, and not all open zaken through the einddatum index
      assert.doesNotMatch(p, /Seq Scan on zaak|SCAN zaak\b|zaak_einddatum_index/, p);
      const q = zaakQuery({ betrokkenen: [{ rol, bsn: nummer }], open: true, alleenLaatsteStatus: false, genegeerd: [] }, { gemeente: '', sortering: 0, maximumAantal: 15 });
      const r = await db.raw(q.sql, q.bindings);
      const found = (Array.isArray(r) ? r : r.rows) as { identificatie: string }[];
      assert.deepEqual(found.map((z) => z.identificatie), ['Z12345']);
    });
  }

  it(`the routing rule's lookup (initiator or zaakobject in an open gezinsplan) is driven by the same index (${ZAKEN.toLocaleString('en-US')} zaken)`, async (t) => {
    const p = await explain(openGezinsplannenQuery([bsn(54321), String(200000000 + 777)], ['GZP'], ''));
    t.diagnostic(p);
    assert.match(p, /betrokkene_bsn_rol_index/, p);
    assert.doesNotMatch(p, /Seq Scan on zaak|SCAN zaak\b|zaak_einddatum_index/, p);
  });
});
