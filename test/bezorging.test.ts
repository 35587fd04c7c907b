// Several delivery workers on one database (as several gateway processes on one PostgreSQL): every outbox entry is
// delivered exactly once when no attempt fails (claims are disjoint: FOR UPDATE SKIP LOCKED on PostgreSQL, one
// atomic UPDATE ... RETURNING on SQLite), and per abonnee and zaak in id order even when the zaak's entries are
// claimed by different workers. Each worker has its own connection pool. Also: the backoff grows and is capped.
import assert from 'node:assert/strict';
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

  it('the backoff doubles per attempt, is capped, and half of it is random', () => {
    const cfg = { baseDelayMs: 1000, maxDelayMs: 60_000 };
    assert.deepEqual([1, 2, 3, 4].map((n) => wachttijd(n, cfg, () => 1)), [1000, 2000, 4000, 8000]);
    assert.deepEqual([1, 2, 3].map((n) => wachttijd(n, cfg, () => 0)), [500, 1000, 2000]);
    assert.equal(wachttijd(30, cfg, () => 1), 60_000);
  });
});
