// GET /metrics (issue #8): Prometheus text with messages by operation, dialect and outcome, latency, validation
// failures, outbox depth and delivery attempts, database pool usage; nothing of a message's content.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../src/http/server.ts';
import { A12 } from '../src/stuf/dialect.ts';
import { DATABASE_URL, freePort, freshDatabase, post, startTestServer, uniqueId } from './helpers.ts';
import { creeerZaak12, id, kennisgeving, zak } from './messages.ts';
import { Ontvanger } from './koppeling/ontvanger.ts';

describe('GET /metrics', () => {
  let srv: RunningServer;
  let drop: () => Promise<void>;
  const abonnee = new Ontvanger('MONITOR');
  before(async () => {
    await abonnee.up();
    const db = await freshDatabase();
    drop = db.drop;
    // WEG is down (nothing listens on its port): its first kennisgeving of a zaak becomes a dead letter after 3
    // attempts, and the next one of that zaak waits behind it
    const weg = `http://127.0.0.1:${await freePort()}/ontvang`;
    srv = await startTestServer({ DATABASE_URL: db.url }, {
      subscriptions: [
        { name: 'MONITOR', url: abonnee.url, filter: { zaaktypen: ['GZP'], events: ['zaakCreated'] } },
        { name: 'WEG', url: weg, filter: { zaaktypen: ['GZP'], events: ['zaakCreated', 'zaakUpdated'] } },
      ],
      delivery: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 100, timeoutMs: 5000, pollMs: 50, worker: true },
    });
  });
  after(async () => {
    await srv.close();
    await abonnee.down();
    await drop();
  });

  const metrics = async () => {
    const r = await fetch(`${srv.url}/metrics`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /^text\/plain/);
    return r.text();
  };
  const waarde = (text: string, serie: string) => Number(text.split('\n').find((l) => l.startsWith(`${serie} `))?.split(' ')[1] ?? NaN);

  it('counts messages by outcome, schema failures, delivery attempts and shows the outbox and the pool', async () => {
    const action = `${A12}creeerZaak_ZakLk01`;
    const zaak = uniqueId('0999M');
    assert.equal((await post(`${srv.url}/zds/1.2/OntvangAsynchroon`, action, creeerZaak12(zaak))).status, 200);
    const invalid = creeerZaak12(uniqueId('0999M')).replace('<ZKN:zaakniveau>1</ZKN:zaakniveau>', '<ZKN:zaakniveau>een</ZKN:zaakniveau>');
    assert.equal((await post(`${srv.url}/zds/1.2/OntvangAsynchroon`, action, invalid)).status, 500);
    const update = kennisgeving('updateZaak', '1.2', 'W', zak(`${id(zaak)}<ZKN:omschrijving>Gezinsplan</ZKN:omschrijving>`) + zak(`${id(zaak)}<ZKN:omschrijving>Gezinsplan Jansen</ZKN:omschrijving>`));
    const u = await post(`${srv.url}/zds/1.2/OntvangAsynchroon`, update.action, update.xml);
    assert.equal(u.status, 200, u.text);
    await abonnee.wachtOp(1);
    let m = await metrics();
    const done = (t: string) => /stuf_delivery_attempts_total\{subscriber="MONITOR",result="bezorgd"\} 1\n/.test(t) 
      && /stuf_outbox_entries\{state="dood"\} 1\n/.test(t) && /stuf_delivery_attempts_total\{subscriber="WEG",result="dood"\} 1\n/.test(t);
    for (let i = 0; i < 200 && !done(m); i++) {
      await new Promise((r) => setTimeout(r, 50));
      m = await metrics();
    }
    assert.equal(waarde(m, 'stuf_messages_total{operation="creeerZaak",dialect="zds-1.2",outcome="Bv03"}'), 1);
    assert.equal(waarde(m, 'stuf_messages_total{operation="creeerZaak",dialect="zds-1.2",outcome="Fo03"}'), 1);
    assert.equal(waarde(m, 'stuf_messages_total{operation="updateZaak",dialect="zds-1.2",outcome="Bv03"}'), 1);
    assert.equal(waarde(m, 'stuf_validation_failures_total{dialect="zds-1.2",policy="strict"}'), 1);
    assert.equal(waarde(m, 'stuf_message_duration_seconds_count{operation="creeerZaak",dialect="zds-1.2"}'), 2);
    assert.equal(waarde(m, 'stuf_delivery_attempts_total{subscriber="MONITOR",result="bezorgd"}'), 1);
    // WEG: the zaakCreated tried 3 times (2 retried, then a dead letter); the zaakUpdated of the same zaak waits behind it
    assert.equal(waarde(m, 'stuf_delivery_attempts_total{subscriber="WEG",result="mislukt"}'), 2, m);
    assert.equal(waarde(m, 'stuf_delivery_attempts_total{subscriber="WEG",result="dood"}'), 1);
    assert.equal(waarde(m, 'stuf_outbox_entries{state="dood"}'), 1);
    assert.equal(waarde(m, 'stuf_outbox_entries{state="wachtend"}'), 1);
    // the pool: SQLite keeps its one connection, PostgreSQL the idle ones of this test's queries
    const pool = (state: string) => waarde(m, `stuf_db_pool_connections{state="${state}"}`);
    assert.ok(pool('used') + pool('free') >= 1, `pool used ${pool('used')}, free ${pool('free')}`);
    assert.equal(pool('pending'), 0);
    assert.match(m, /stuf_gateway_process_resident_memory_bytes \d+/);
    assert.doesNotMatch(m, /999999990/, 'no BSN in the metrics');
  });

  it('a connection in use shows as used (PostgreSQL; SQLite has a single connection, which the scrape itself needs)', { skip: !/^postgres/.test(DATABASE_URL) }, async () => {
    await srv.gateway.db.transaction(async (trx) => {
      await trx.raw('select 1');
      const m = await metrics();
      assert.ok(waarde(m, 'stuf_db_pool_connections{state="used"}') >= 1, m.split('\n').filter((l) => l.startsWith('stuf_db_pool')).join('\n'));
    });
  });
});
