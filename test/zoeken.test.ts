// The person lookup ("which open gezinsplan does this BSN belong to?") must stay an index lookup as the store
// grows: with 1,000,000 zaken on PostgreSQL (20,000 on SQLite; analysed), the plan of the zakLv01 selection on the BSN of the initiator and on the
// BSN of a zaakobject person must be driven by the betrokkene (bsn, rol) index, not walk the (open) zaken. The plan is
// printed as a test diagnostic; on PostgreSQL it comes from EXPLAIN, on SQLite from EXPLAIN QUERY PLAN. The same store,
// with a status, a document, a kennisgeving and a logged message per zaak and every other zaak a deelplan, holds the
// regie dashboard to the same rule: every statement of its pages is an index lookup (src/dashboard/vragen.ts).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDb, migrate, isPg, type Db } from '../src/store/db.ts';
import { zaakQuery } from '../src/store/zoeken.ts';
import type { Binding } from '../src/store/lezen.ts';
import type { ZaakSelectie } from '../src/stuf/selectie.ts';
import { openGezinsplannenQuery } from '../src/routing/regels.ts';
import { lijstQuery } from '../src/notify/outbox.ts';
import * as vragen from '../src/dashboard/vragen.ts';
import { DATABASE_URL, freshDatabase } from './helpers.ts';
import { bulk, seedZaken, uniqueBsn } from '../bench/seed.ts';

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
    // zaken with an initiator and a zaakobject person each, in one statement per table (bench/seed.ts)
    await seedZaken(db, {
      zaak: { zaaktype_code: 'GZP', omschrijving: 'Gezinsplan', startdatum: '20240101', registratiedatum: '20240101', attributen: '{"a":[]}', versie: 1 },
      betrokkenen: [
        { row: { rol: 'heeftAlsInitiator', volgorde: 0, soort: 'NPS', node: '[]' }, bsn: uniqueBsn(100000000) },
        { row: { rol: 'heeftBetrekkingOp', volgorde: 1, soort: 'NPS', node: '[]' }, bsn: uniqueBsn(200000000) },
      ],
    }, { prefix: 'Z', from: 1, to: ZAKEN });
    // what the dashboard's pages read: every even zaak a deelplan of the odd one before it, a status, a document with
    // content, a kennisgeving and a logged message per zaak (ids given, so that zaak, document and content line up;
    // on PostgreSQL without the foreign key triggers, which would check 5,000,000 rows one by one)
    await bulk(db, async (trx) => {
      await trx.raw("insert into zaak_zaak (zaak_id, andere_zaak_id, soort) select z.id, z.id + 1, 'DEL' from zaak z where z.id % 2 = 1 and z.id < (select max(id) from zaak)");
      await trx.raw(`insert into status (zaak_id, zaaktype_code, volgnummer, omschrijving, datum_status_gezet, node)
        select z.id, 'GZP', 1, 'Aanvraag ontvangen', '20240101090000000', '[]' from zaak z`);
      await trx.raw("insert into document_inhoud (id, grootte, sha256, content_type) select z.id, 4, '', 'application/pdf' from zaak z");
      await trx.raw("insert into document (id, identificatie, attributen, inhoud_id) select z.id, 'D' || z.identificatie, '[]', z.id from zaak z");
      await trx.raw("insert into zaak_document (zaak_id, document_id, registratiedatum) select z.id, z.id, '20240101' from zaak z");
      await trx.raw(`insert into outbox (abonnee, zaak_id, zaak_identificatie, berichtsoort, referentienummer, bericht, toestand, pogingen, volgende_poging)
        select 'REGIE', z.id, z.identificatie, 'zakLk01', 'R' || z.identificatie, '<x/>', 'bezorgd', 1, 0 from zaak z`);
      await trx.raw(`insert into berichtenlog (zender, operatie, uitkomst, duur_ms, gemeente, zaak)
        select '0999/REGIE//', 'creeerZaak', 'Bv03', 5, '', z.identificatie from zaak z`);
    });
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

  // The regie dashboard's statements, each with the index it must use (src/dashboard/vragen.ts); a person, a zaak, a
  // gezinsplan with its deelplan and a document picked from the middle of the store.
  const zaakId = 12345;
  const dashboard: [string, { sql: string; bindings: Binding[] }, RegExp][] = [
    ['search by BSN', vragen.zakenVanBsn(bsn(12345), '', ['GZP'], 101), /betrokkene_bsn_rol_index/],
    ['zaak by identificatie', vragen.zaakMetIdentificatie('Z12345', ''), /zaak_gemeente_identificatie_unique/],
    ['deelplannen', vragen.deelplannenVan(zaakId, 101), /zaak_zaak_zaak_id_/],
    ['gezinsplan of a deelplan', vragen.hoofdzaakVan(zaakId + 1), /zaak_zaak_andere_zaak_id_soort_index/],
    ['persons', vragen.betrokkenenVan(zaakId, 101), /betrokkene_zaak_id_rol_index/],
    ['status history', vragen.statussenVan([zaakId, zaakId + 1], 501), /status_zaak_id_datum_status_gezet_index/],
    ['documents', vragen.documentenVan([zaakId, zaakId + 1], 201), /zaak_document_zaak_id_document_id_unique/],
    ['message log', vragen.berichtenVan('Z12345', '', 201), /berichtenlog_zaak_index/],
    ['document by identificatie', vragen.documentMetIdentificatie('DZ12345', ''), /document_gemeente_identificatie_unique/],
    ['zaken of a document', vragen.zakenVanDocument(zaakId, 100), /zaak_document_document_id_index/],
  ];
  /** A full scan: PostgreSQL's Seq Scan, SQLite's SCAN of a table (SEARCH is an index lookup). */
  const SCAN = /Seq Scan|\bSCAN (?!CONSTANT ROW)/;

  for (const [label, q, index] of dashboard) {
    it(`dashboard: ${label} is an index lookup (${index.source.replace(/_$/, '')})`, async (t) => {
      const p = await explain(q);
      t.diagnostic(p);
      assert.match(p, index, p);
      assert.doesNotMatch(p, SCAN, p);
    });
  }

  it('dashboard: the kennisgevingen of a gezinsplan and its deelplannen are found through outbox_zaak_index', async (t) => {
    const p = await explain({ sql: lijstQuery(db, { zaakIds: [zaakId, zaakId + 1], limit: 201 }).toString(), bindings: [] });
    t.diagnostic(p);
    assert.match(p, /outbox_zaak_index/, p);
    assert.doesNotMatch(p, SCAN, p);
  });
});
