// The log writer's worker thread (src/audit/logschrijver.ts) on an SQLite file: the message log and the audit records
// are written on its own connection, the audit record of an answer committed before the answer is sent, and the
// gateway's connection and the worker share the one writer through the write slot (src/store/schrijfslot.ts): no
// message gets "database is locked" because the other side was writing. PostgreSQL and SQLite in memory keep writing
// on the gateway's own connection (test/security.test.ts covers the logs there).
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../src/http/server.ts';
import { DATABASE_URL, freshDatabase, post, startTestServer, uniqueId } from './helpers.ts';
import { creeer } from './messages.ts';
import { zaakdetails11 } from './zds12.ts';

const BSN = '999999990';
const OP_PG = /^postgres/.test(DATABASE_URL);

describe('log writer worker (SQLite file)', { skip: OP_PG && 'SQLite files only: on PostgreSQL the logs are written on the gateway\'s own connections' }, () => {
  let srv: RunningServer;
  let db: { url: string; drop(): Promise<void> };
  let bestand: string;
  before(async () => {
    db = await freshDatabase({ file: true });
    bestand = db.url.slice('sqlite:'.length);
    srv = await startTestServer({ DATABASE_URL: db.url });
  });
  after(async () => {
    await srv?.close();
    await db?.drop();
  });

  /** A connection of another "process" to the same file. */
  const ander = () => {
    const c = new Database(bestand);
    c.pragma('busy_timeout = 5000');
    return c;
  };
  const nieuweZaak = async () => {
    const zaakId = uniqueId('0999W');
    const c = creeer(zaakId, BSN);
    const a = await post(`${srv.url}/zds/1.2/OntvangAsynchroon`, c.action, c.xml);
    assert.equal(a.status, 200, a.text);
    return zaakId;
  };

  it('runs: the gateway on a file has a live log writer', () => {
    assert.equal((srv.gateway as unknown as { berichtenlog: { schrijver?: { levend: boolean } } }).berichtenlog.schrijver?.levend, true);
  });

  it('commits the audit record before the answer, with its BSNs', async () => {
    const zaakId = await nieuweZaak();
    const q = zaakdetails11(zaakId);
    const a = await post(`${srv.url}/zds/1.1/BeantwoordVraag`, q.action, q.xml);
    assert.equal(a.status, 200, a.text);
    assert.ok(a.text.includes(BSN));
    const c = ander();
    try {
      const rij = c.prepare('select a.id, a.operatie, a.zaken, b.bsn from audit a join audit_bsn b on b.audit_id = a.id where a.referentienummer = ?').get(q.ref) as
        { operatie: string; zaken: string; bsn: string } | undefined;
      assert.ok(rij, 'the audit record is committed when the answer arrives');
      assert.equal(rij.operatie, 'geefZaakdetails');
      assert.equal(rij.zaken, zaakId);
      assert.equal(rij.bsn, BSN);
    } finally {
      c.close();
    }
  });

  it('writes the message log, masked, by the time flush resolves', async () => {
    const zaakId = await nieuweZaak();
    const q = zaakdetails11(zaakId);
    assert.equal((await post(`${srv.url}/zds/1.1/BeantwoordVraag`, q.action, q.xml)).status, 200);
    await srv.gateway.berichtenlog.flush();
    const rij = await srv.gateway.db('berichtenlog').where({ referentienummer: q.ref }).first();
    assert.ok(rij, 'written');
    assert.equal(rij.uitkomst, 'La01');
    assert.equal(rij.zaak, zaakId);
    assert.ok(!String(rij.antwoord).includes(BSN) && String(rij.antwoord).includes('*********'), 'the BSN is masked');
  });

  it('writes and asks at once: every message answered, none "database is locked", every one in the message log', async () => {
    const zaken = await Promise.all(Array.from({ length: 20 }, nieuweZaak));
    const refs: string[] = [];
    const antwoorden = await Promise.all(Array.from({ length: 300 }, (_, i) => {
      if (i % 3 === 0) {
        const c = creeer(uniqueId('0999X'), BSN);
        refs.push(c.ref);
        return post(`${srv.url}/zds/1.2/OntvangAsynchroon`, c.action, c.xml);
      }
      const q = zaakdetails11(zaken[i % zaken.length]);
      refs.push(q.ref);
      return post(`${srv.url}/zds/1.1/BeantwoordVraag`, q.action, q.xml);
    }));
    const fouten = antwoorden.filter((a) => a.status !== 200);
    assert.equal(fouten.length, 0, fouten[0]?.text);
    await srv.gateway.berichtenlog.flush();
    const n = Number((await srv.gateway.db('berichtenlog').whereIn('referentienummer', refs).count({ n: '*' }))[0].n);
    assert.equal(n, 300);
    const audits = Number((await srv.gateway.db('audit').whereIn('referentienummer', refs).count({ n: '*' }))[0].n);
    assert.equal(audits, 200, 'one audit record per answer that shows the BSN');
  });

  it('waits while another process holds the write lock: the answer comes after, with its audit record', async () => {
    const zaakId = await nieuweZaak();
    const c = ander();
    try {
      c.exec('begin immediate');
      const q = zaakdetails11(zaakId);
      const t0 = Date.now();
      const antwoord = post(`${srv.url}/zds/1.1/BeantwoordVraag`, q.action, q.xml);
      await new Promise((r) => setTimeout(r, 400));
      c.exec('commit');
      const a = await antwoord;
      assert.equal(a.status, 200, a.text);
      assert.ok(Date.now() - t0 >= 400, 'not answered while the audit record could not be written');
      assert.ok(c.prepare('select 1 from audit where referentienummer = ?').get(q.ref), 'the audit record is there');
    } finally {
      if (c.inTransaction) c.exec('rollback');
      c.close();
    }
  });

  it('keeps message-log rows the database refused and writes them when it can', async () => {
    const zaakId = await nieuweZaak();
    await srv.gateway.berichtenlog.flush();
    const c = ander();
    const telling = (ref: string) => Number((c.prepare('select count(*) as n from berichtenlog where referentienummer = ?').get(ref) as { n: number }).n);
    try {
      c.exec('begin immediate');
      // a message whose answer shows no BSN: no audit record, only its message-log row (an unknown zaak)
      const onbekend = zaakdetails11(uniqueId('0999Q'));
      const a = await post(`${srv.url}/zds/1.1/BeantwoordVraag`, onbekend.action, onbekend.xml);
      assert.equal(a.status, 200, a.text);
      await srv.gateway.berichtenlog.flush();
      assert.equal(telling(onbekend.ref), 0, 'refused while the other process holds the lock');
      c.exec('commit');
      for (let i = 0; i < 40 && telling(onbekend.ref) < 1; i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal(telling(onbekend.ref), 1, 'written on a later try');
      // and the gateway goes on writing it
      const q = zaakdetails11(zaakId);
      assert.equal((await post(`${srv.url}/zds/1.1/BeantwoordVraag`, q.action, q.xml)).status, 200);
      await srv.gateway.berichtenlog.flush();
      assert.equal(telling(q.ref), 1);
    } finally {
      if (c.inTransaction) c.exec('rollback');
      c.close();
    }
  });
});
