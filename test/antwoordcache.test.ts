// The answer cache of zaak-vragen (src/operations/read/antwoordcache.ts): on SQLite an answer is served again while
// the store's generation (migration 011) has not moved; any change of domain data, by this gateway, by a statement on
// another connection or by another process, makes the next vraag read the store. Writes of the logs (audit, message
// log) do not. PostgreSQL has no generation: every vraag reads the store.
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../src/http/server.ts';
import { GEEN_DOMEINDATA } from '../src/store/migrations/011_generatie.ts';
import { isPg } from '../src/store/db.ts';
import { assertValidAnswer, freshDatabase, post, startTestServer, uniqueId } from './helpers.ts';
import { creeer } from './messages.ts';
import { document, zaakdetails11 } from './zds12.ts';

const BSN = '999999990';

describe('answer cache of zaak-vragen', () => {
  let srv: RunningServer;
  let db: { url: string; drop(): Promise<void> };
  before(async () => {
    db = await freshDatabase({ file: true });
    srv = await startTestServer({ DATABASE_URL: db.url });
  });
  after(async () => {
    await srv.close();
    await db.drop();
  });

  const geteld = async () => {
    const m = await (await fetch(`${srv.url}/metrics`)).text();
    const n = (r: string) => Number(m.match(new RegExp(`^stuf_answer_cache_total\\{result="${r}"\\} (\\d+)`, 'm'))?.[1] ?? 0);
    return { hit: n('hit'), miss: n('miss') };
  };
  /** geefZaakdetails (ZDS 1.1, scope alles): the answer without its stuurgegevens, and whether it was a hit. */
  const vraag = async (zaakId: string) => {
    const voor = await geteld();
    const q = zaakdetails11(zaakId);
    const a = await post(`${srv.url}/zds/1.1/BeantwoordVraag`, q.action, q.xml);
    assert.equal(a.status, 200, a.text);
    assertValidAnswer(srv, a.text, 'zds-1.1');
    assert.match(a.text, new RegExp(`<StUF:crossRefnummer>${q.ref}</StUF:crossRefnummer>`), 'the stuurgegevens are this message\'s');
    const na = await geteld();
    return { body: a.text.replace(/<(?:\w+:)?stuurgegevens>[\s\S]*?<\/(?:\w+:)?stuurgegevens>/, ''), hit: na.hit - voor.hit === 1, miss: na.miss - voor.miss === 1 };
  };

  it('serves an unchanged zaak from the cache (SQLite), also while every answer writes an audit record', async () => {
    const zaakId = uniqueId('0999C');
    const c = creeer(zaakId, BSN);
    assert.equal((await post(`${srv.url}/zds/1.2/OntvangAsynchroon`, c.action, c.xml)).status, 200);
    const eerste = await vraag(zaakId);
    assert.match(eerste.body, new RegExp(BSN), 'the answer shows the initiator\'s BSN, so it is audited');
    const tweede = await vraag(zaakId);
    const derde = await vraag(zaakId);
    assert.equal(tweede.body, eerste.body);
    assert.equal(derde.body, eerste.body);
    const audit = await srv.gateway.db('audit').where({ zaken: zaakId }).count({ n: '*' });
    assert.equal(Number(audit[0].n), 3, 'every answer recorded, cached or not');
    if (isPg(srv.gateway.db)) {
      assert.ok(!tweede.hit && !derde.hit, 'PostgreSQL: no cache');
    } else {
      assert.ok(eerste.miss, 'the first vraag reads the store');
      assert.ok(tweede.hit && derde.hit, 'the same vraag again, with other stuurgegevens: from the cache');
    }
  });

  it('a change through the gateway is in the next answer', async () => {
    const zaakId = uniqueId('0999C');
    const c = creeer(zaakId, BSN);
    assert.equal((await post(`${srv.url}/zds/1.2/OntvangAsynchroon`, c.action, c.xml)).status, 200);
    const voor = await vraag(zaakId);
    await vraag(zaakId);
    const docId = uniqueId('0999D');
    const d = document(docId, zaakId);
    assert.equal((await post(`${srv.url}/zds/1.2/OntvangAsynchroon`, d.action, d.xml)).status, 200);
    const na = await vraag(zaakId);
    assert.ok(!voor.body.includes(docId));
    assert.ok(na.body.includes(docId), 'the new document is in the answer');
    assert.ok(!na.hit);
  });

  it('a change by another connection to the same database is in the next answer (SQLite file)', async (t) => {
    if (isPg(srv.gateway.db)) return t.skip('SQLite only: PostgreSQL answers are never cached (previous test)');
    const zaakId = uniqueId('0999C');
    const c = creeer(zaakId, BSN);
    assert.equal((await post(`${srv.url}/zds/1.2/OntvangAsynchroon`, c.action, c.xml)).status, 200);
    const docId = uniqueId('0999D');
    const d = document(docId, zaakId);
    assert.equal((await post(`${srv.url}/zds/1.2/OntvangAsynchroon`, d.action, d.xml)).status, 200);
    const voor = await vraag(zaakId);
    assert.ok((await vraag(zaakId)).hit);
    assert.ok(voor.body.includes(docId));
    const ander = new Database(db.url.slice('sqlite:'.length));
    try {
      ander.pragma('busy_timeout = 5000');
      const r = ander.prepare('delete from zaak_document where document_id = (select id from document where identificatie = ?)').run(docId);
      assert.equal(r.changes, 1);
    } finally {
      ander.close();
    }
    const na = await vraag(zaakId);
    assert.ok(!na.hit, 'the other connection moved the generation');
    assert.ok(!na.body.includes(docId), 'the link removed by the other connection is gone from the answer');
  });

  it('every table of domain data raises the generation on insert, update and delete (SQLite)', async (t) => {
    if (isPg(srv.gateway.db)) return t.skip('SQLite only: PostgreSQL has no generation');
    const k = srv.gateway.db;
    const tables = (await k.raw("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'knex_%'")) as { name: string }[];
    const triggers = new Set(((await k.raw("select name from sqlite_master where type = 'trigger'")) as { name: string }[]).map((r) => r.name));
    const zonder = tables.map((t) => t.name).filter((n) => !GEEN_DOMEINDATA.has(n))
      .filter((n) => !['insert', 'update', 'delete'].every((op) => triggers.has(`${n}_generatie_${op}`)));
    assert.deepEqual(zonder, [], 'a table of domain data without generation triggers: add volgGeneratie(k, table) to its migration, or list it in GEEN_DOMEINDATA');
  });
});
