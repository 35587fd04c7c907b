// GET /metrics (issue #8): Prometheus text with messages by operation, dialect and outcome, latency, validation
// failures, outbox depth and delivery attempts, database pool usage; nothing of a message's content.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../src/http/server.ts';
import { A12 } from '../src/stuf/dialect.ts';
import { freshDatabase, post, startTestServer, uniqueId } from './helpers.ts';
import { creeerZaak12 } from './messages.ts';
import { Ontvanger } from './koppeling/ontvanger.ts';

describe('GET /metrics', () => {
  let srv: RunningServer;
  let drop: () => Promise<void>;
  const abonnee = new Ontvanger('MONITOR');
  before(async () => {
    await abonnee.up();
    const db = await freshDatabase();
    drop = db.drop;
    srv = await startTestServer({ DATABASE_URL: db.url }, {
      subscriptions: [{ name: 'MONITOR', url: abonnee.url, filter: { zaaktypen: ['GZP'], events: ['zaakCreated'] } }],
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
    assert.equal((await post(`${srv.url}/zds/1.2/OntvangAsynchroon`, action, creeerZaak12(uniqueId('0999M')))).status, 200);
    const invalid = creeerZaak12(uniqueId('0999M')).replace('<ZKN:zaakniveau>1</ZKN:zaakniveau>', '<ZKN:zaakniveau>een</ZKN:zaakniveau>');
    assert.equal((await post(`${srv.url}/zds/1.2/OntvangAsynchroon`, action, invalid)).status, 500);
    await abonnee.wachtOp(1);
    let m = await metrics();
    for (let i = 0; i < 50 && !/stuf_delivery_attempts_total\{subscriber="MONITOR",result="bezorgd"\} 1/.test(m); i++) {
      await new Promise((r) => setTimeout(r, 50));
      m = await metrics();
    }
    assert.equal(waarde(m, 'stuf_messages_total{operation="creeerZaak",dialect="zds-1.2",outcome="Bv03"}'), 1);
    assert.equal(waarde(m, 'stuf_messages_total{operation="creeerZaak",dialect="zds-1.2",outcome="Fo03"}'), 1);
    assert.equal(waarde(m, 'stuf_validation_failures_total{dialect="zds-1.2",policy="strict"}'), 1);
    assert.equal(waarde(m, 'stuf_message_duration_seconds_count{operation="creeerZaak",dialect="zds-1.2"}'), 2);
    assert.equal(waarde(m, 'stuf_delivery_attempts_total{subscriber="MONITOR",result="bezorgd"}'), 1);
    assert.equal(waarde(m, 'stuf_outbox_entries{state="wachtend"}'), 0);
    assert.equal(waarde(m, 'stuf_outbox_entries{state="dood"}'), 0);
    assert.ok(Number.isFinite(waarde(m, 'stuf_db_pool_connections{state="used"}')));
    assert.match(m, /stuf_gateway_process_resident_memory_bytes \d+/);
    assert.doesNotMatch(m, /999999990/, 'no BSN in the metrics');
  });
});
