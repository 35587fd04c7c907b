// Several delivery workers on one database (as several gateway processes on one PostgreSQL): every outbox entry is
// delivered exactly once when no attempt fails (claims are disjoint: FOR UPDATE SKIP LOCKED on PostgreSQL, one
// atomic UPDATE ... RETURNING on SQLite), and per abonnee and zaak in id order even when the zaak's entries are
// claimed by different workers. Each worker has its own connection pool. Also: the backoff grows and is capped.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Bezorger } from '../src/notify/bezorger.ts';
import { lijst, wachttijd } from '../src/notify/outbox.ts';
import { createDb, migrate, type Db } from '../src/store/db.ts';
import { NS } from '../src/xml/namespaces.ts';
import { freshDatabase } from './helpers.ts';
import { Ontvanger } from './koppeling/ontvanger.ts';

const WORKERS = 3;
const ZAKEN = 30;
const PER_ZAAK = 10;

describe('delivery by several workers on one database', () => {
  let url: string;
  let drop: () => Promise<void>;
  const dbs: Db[] = [];
  const abonnee = new Ontvanger('ABONNEE');

  before(async () => {
    const fresh = await freshDatabase({ file: true }); // one database, a connection pool per worker
    drop = fresh.drop;
    url = fresh.url;
    for (let i = 0; i < WORKERS; i++) dbs.push(createDb(url));
    await migrate(dbs[0]);
    await abonnee.up();
  });
  after(async () => {
    for (const db of dbs) await db.destroy();
    await abonnee.down();
    await drop();
  });

  it(`${WORKERS} workers, ${ZAKEN * PER_ZAAK} entries over ${ZAKEN} zaken: each delivered once, in order per zaak`, async () => {
    const rows = [];
    for (let k = 0; k < PER_ZAAK; k++) {
      for (let z = 1; z <= ZAKEN; z++) {
        rows.push({
          abonnee: 'ABONNEE', zaak_id: z, zaak_identificatie: `Z${z}`, berichtsoort: 'zakLk01', gebeurtenissen: 'zaakUpdated', referentienummer: `REF-${z}-${k}`,
          bericht: `<ZKN:zakLk01 xmlns:ZKN="${NS.ZKN}" xmlns:StUF="${NS.StUF}"><ZKN:stuurgegevens><StUF:referentienummer>REF-${z}-${k}</StUF:referentienummer></ZKN:stuurgegevens></ZKN:zakLk01>`,
          toestand: 'wachtend', pogingen: 0, volgende_poging: Date.now(),
        });
      }
    }
    await dbs[0].batchInsert('outbox', rows, 100);
    // a receiver that takes a little time, so that the workers' attempts overlap
    abonnee.handler = async () => {
      await new Promise((r) => setTimeout(r, Math.random() * 5));
      return undefined;
    };
    const cfg = { maxAttempts: 5, baseDelayMs: 20, maxDelayMs: 100, timeoutMs: 10_000, pollMs: 20, worker: true };
    const workers = dbs.map((db) => new Bezorger(db, cfg, [{ name: 'ABONNEE', url: abonnee.url }]));
    workers.forEach((w) => w.start());
    try {
      await abonnee.wachtOp(rows.length, 60_000);
      await new Promise((r) => setTimeout(r, 200)); // a duplicate would arrive now
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
    const refs = abonnee.ontvangen.map((m) => m.referentienummer);
    const dubbel = refs.length - new Set(refs).size;
    const perZaak = new Map<string, number[]>();
    for (const r of refs) {
      const [, z, k] = r.split('-');
      perZaak.set(z, [...(perZaak.get(z) ?? []), Number(k)]);
    }
    const uitVolgorde = [...perZaak.values()].filter((ks) => ks.some((k, i) => k !== i)).length;
    const stored = await lijst(dbs[0], { abonnee: 'ABONNEE', limit: 10_000 });
    console.log(`delivery: ${WORKERS} workers, ${rows.length} entries, ${refs.length} received, ${dubbel} duplicates, ${uitVolgorde} zaken out of order, ` +
      `${stored.filter((r) => r.toestand === 'bezorgd').length} marked delivered, ${stored.filter((r) => r.pogingen > 1).length} needed a second attempt`);
    assert.equal(dubbel, 0);
    assert.equal(refs.length, rows.length);
    assert.equal(uitVolgorde, 0);
    assert.ok(stored.every((r) => r.toestand === 'bezorgd' && r.pogingen === 1));
  });

  it('an abonnee that never answers delays only its own kennisgevingen, not another abonnee\'s', async () => {
    // HANGT accepts the request and never answers: each of its attempts lasts timeoutMs. SNEL's three are of one
    // zaak, so each waits for the one before it: a round per entry.
    const hangt = http.createServer(() => {}).listen(0, '127.0.0.1');
    await new Promise((r) => hangt.once('listening', r));
    const snel = new Ontvanger('SNEL');
    await snel.up();
    const db = dbs[0];
    const entry = (abonnee: string, n: number) => ({
      abonnee, zaak_id: abonnee === 'SNEL' ? 1000 : 1000 + n, zaak_identificatie: `H${n}`, berichtsoort: 'zakLk01', gebeurtenissen: 'zaakUpdated', referentienummer: `${abonnee}-${n}`,
      bericht: `<ZKN:zakLk01 xmlns:ZKN="${NS.ZKN}" xmlns:StUF="${NS.StUF}"><ZKN:stuurgegevens><StUF:referentienummer>${abonnee}-${n}</StUF:referentienummer></ZKN:stuurgegevens></ZKN:zakLk01>`,
      toestand: 'wachtend', pogingen: 0, volgende_poging: Date.now(),
    });
    await db.batchInsert('outbox', [0, 1, 2].flatMap((n) => [entry('HANGT', n), entry('SNEL', n)]), 100);
    const timeoutMs = 20_000;
    const cfg = { maxAttempts: 5, baseDelayMs: 20, maxDelayMs: 100, timeoutMs, pollMs: 20, worker: true };
    const hangtUrl = `http://127.0.0.1:${(hangt.address() as AddressInfo).port}/`;
    const worker = new Bezorger(db, cfg, [{ name: 'HANGT', url: hangtUrl }, { name: 'SNEL', url: snel.url }]);
    const started = Date.now();
    worker.start();
    try {
      await snel.wachtOp(3, timeoutMs / 2);
      const ms = Date.now() - started;
      console.log(`delivery: SNEL received its 3 kennisgevingen after ${ms} ms while HANGT's first attempt waits up to ${timeoutMs} ms`);
      assert.ok(ms < timeoutMs / 2);
    } finally {
      hangt.closeAllConnections();
      hangt.close();
      await worker.stop();
      await snel.down();
    }
  });

  it('the backoff doubles per attempt, is capped, and half of it is random', () => {
    const cfg = { baseDelayMs: 1000, maxDelayMs: 60_000 };
    assert.deepEqual([1, 2, 3, 4].map((n) => wachttijd(n, cfg, () => 1)), [1000, 2000, 4000, 8000]);
    assert.deepEqual([1, 2, 3].map((n) => wachttijd(n, cfg, () => 0)), [500, 1000, 2000]);
    assert.equal(wachttijd(30, cfg, () => 1), 60_000);
  });
});
