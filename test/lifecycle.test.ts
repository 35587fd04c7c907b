// Readiness and graceful shutdown (issue #6). /health is liveness only; /ready says whether the database answers
// and the schemas are loaded. SIGTERM/SIGINT: no new connections, in-flight messages answered, then exit 0; a
// message that does not finish within shutdownTimeoutMs makes the exit non-zero.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { projectRoot } from '../src/config/index.ts';
import { requestHandler, type RunningServer } from '../src/http/server.ts';
import { A12 } from '../src/stuf/dialect.ts';
import { createDb, migrate } from '../src/store/db.ts';
import { DATABASE_URL, freshDatabase, httpStatusOf, post, rawExchange, startGatewayProcess, startTestServer, uniqueId, type GatewayProcess } from './helpers.ts';
import { creeerZaak12 } from './messages.ts';
import { Ontvanger } from './koppeling/ontvanger.ts';

const pg = DATABASE_URL.startsWith('postgres');

async function ready(srv: RunningServer): Promise<{ status: number; body: Record<string, string>; text: string }> {
  const r = await fetch(`${srv.url}/ready`);
  const text = await r.text();
  return { status: r.status, body: JSON.parse(text), text };
}

/** No internals in a readiness answer: no connection string, host, path or error text. */
function assertNoInternals(text: string): void {
  assert.doesNotMatch(text, /postgres|sqlite|127\.0\.0\.1|:5432|\/tmp|xsd\/|Error|ECONN/i, text);
}

describe('/health and /ready', () => {
  // Each gateway on a database of its own (a new PostgreSQL schema), whatever else shares the server.
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  before(async () => { fresh = await freshDatabase(); });
  after(async () => fresh.drop());

  it('a running gateway is live and ready', async () => {
    const srv = await startTestServer({ DATABASE_URL: fresh.url });
    try {
      assert.equal((await fetch(`${srv.url}/health`)).status, 200);
      const r = await ready(srv);
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, { status: 'ready', database: 'ok', schemas: 'ok' });
    } finally {
      await srv.close();
    }
  });

  it('a gateway whose database was destroyed is live but not ready (503, database)', async () => {
    const srv = await startTestServer({ DATABASE_URL: fresh.url });
    try {
      await srv.gateway.db.destroy();
      const r = await ready(srv);
      assert.equal(r.status, 503);
      assert.deepEqual(r.body, { status: 'not ready', database: 'unavailable', schemas: 'ok' });
      assertNoInternals(r.text);
      assert.equal((await fetch(`${srv.url}/health`)).status, 200, 'liveness does not depend on the database');
    } finally {
      await srv.close();
    }
  });

  it('a gateway whose PostgreSQL port closed is not ready, and ready again when it is back', { skip: !pg && 'PostgreSQL only' }, async () => {
    // A TCP relay in front of PostgreSQL stands in for the database server: closing it closes the port.
    const target = new URL(DATABASE_URL);
    const sockets = new Set<net.Socket>();
    const relay = () => net.createServer((c) => {
      const up = net.connect(Number(target.port || 5432), target.hostname);
      for (const s of [c, up]) { sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => {}); }
      c.pipe(up).pipe(c);
    });
    let server = relay();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const via = new URL(fresh.url);
    via.hostname = '127.0.0.1';
    via.port = String(port);
    let srv: RunningServer | undefined;
    try {
      srv = await startTestServer({ DATABASE_URL: via.toString() });
      assert.equal((await ready(srv)).status, 200);
      await new Promise<void>((resolve) => { server.close(() => resolve()); for (const s of sockets) s.destroy(); });
      const r = await ready(srv);
      assert.equal(r.status, 503);
      assert.equal(r.body.database, 'unavailable');
      assertNoInternals(r.text);
      server = relay();
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      assert.equal((await ready(srv)).status, 200);
    } finally {
      await srv?.close();
      await new Promise<void>((resolve) => { server.close(() => resolve()); for (const s of sockets) s.destroy(); });
    }
  });

  it('a stopping gateway is not ready (503, stopping), so that a load balancer sends no more', async () => {
    const srv = await startTestServer({ DATABASE_URL: fresh.url });
    // the handler as the server runs it once close() has begun (a keep-alive connection can still ask)
    const stopping = http.createServer(requestHandler(srv.gateway, () => true));
    await new Promise<void>((resolve) => stopping.listen(0, '127.0.0.1', resolve));
    try {
      const r = await fetch(`http://127.0.0.1:${(stopping.address() as net.AddressInfo).port}/ready`);
      assert.equal(r.status, 503);
      assert.deepEqual(await r.json(), { status: 'stopping', database: 'ok', schemas: 'ok' });
    } finally {
      stopping.closeAllConnections();
      await new Promise((resolve) => stopping.close(resolve));
      await srv.close();
    }
  });

  it('a gateway whose installed schemas disappeared is not ready (503, schemas)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xsd-'));
    fs.cpSync(path.join(projectRoot, 'xsd'), dir, { recursive: true });
    const srv = await startTestServer({ DATABASE_URL: fresh.url, STUF_SCHEMA_DIR: dir });
    try {
      assert.equal((await ready(srv)).status, 200);
      fs.rmSync(path.join(dir, 'INSTALLED'));
      const r = await ready(srv);
      assert.equal(r.status, 503);
      assert.deepEqual(r.body, { status: 'not ready', database: 'ok', schemas: 'not loaded' });
      assertNoInternals(r.text);
    } finally {
      await srv.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

const KENNISGEVING = `${A12}creeerZaak_ZakLk01`;
const kop = (length: number) => `POST /zds/1.2/OntvangAsynchroon HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml; charset=utf-8\r\nSOAPAction: "${KENNISGEVING}"\r\nContent-Length: ${length}\r\n\r\n`;

/** Resolves once a new connection to the port is refused. */
async function refused(port: number): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => { s.destroy(); resolve(false); });
      s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('graceful shutdown (the gateway in its own process)', () => {
  let dir: string;
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let dbUrl: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stoppen-'));
    fresh = await freshDatabase();
    dbUrl = pg ? fresh.url : `sqlite:${path.join(dir, 'stoppen.db')}`;
  });
  after(async () => {
    await fresh.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('SIGTERM: new connections refused, every accepted message answered in full and stored, message log flushed, exit 0', async (t) => {
    const gw = await startGatewayProcess({ DATABASE_URL: dbUrl });
    try {
      // An idle keep-alive connection must not hold the gateway up.
      let idleClosed = false;
      const idle = net.connect(gw.port, '127.0.0.1');
      idle.on('close', () => { idleClosed = true; }).on('error', () => {});
      idle.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
      await new Promise((r) => idle.once('data', r));

      // Six creeerZaak in flight: headers and half of each body before the signal, the rest after it.
      const ids = Array.from({ length: 6 }, () => uniqueId());
      const rest: (() => void)[] = [];
      const answers = ids.map((id) => {
        const body = Buffer.from(creeerZaak12(id));
        return rawExchange(gw.port, (s) => {
          s.write(kop(body.length));
          s.write(body.subarray(0, body.length >> 1));
          rest.push(() => s.write(body.subarray(body.length >> 1)));
        });
      });
      while (rest.length < ids.length) await new Promise((r) => setTimeout(r, 10));

      gw.proc.kill('SIGTERM');
      assert.ok(await refused(gw.port), 'a new connection after the signal is refused');
      for (const finish of rest) finish();

      for (const raw of await Promise.all(answers)) {
        assert.equal(httpStatusOf(raw), 200, raw.slice(0, 500));
        const [head, body] = raw.split('\r\n\r\n');
        assert.equal(Buffer.byteLength(body, 'latin1'), Number(head.match(/content-length: (\d+)/i)?.[1]), 'the whole answer');
        assert.match(body, /Bv03Bericht/);
        assert.match(head, /connection: close/i);
      }
      assert.equal(await gw.exited, 0);
      assert.ok(idleClosed, 'the idle keep-alive connection was closed');

      const db = createDb(dbUrl);
      try {
        assert.equal((await db('zaak').whereIn('identificatie', ids)).length, ids.length, 'every answered message is stored');
        const logged = await db('berichtenlog').where({ operatie: 'creeerZaak', uitkomst: 'Bv03' }).count({ n: '*' });
        assert.equal(Number(logged[0].n), ids.length, 'the message log was flushed before the exit');
      } finally {
        await db.destroy();
      }
      t.diagnostic('6 creeerZaak in flight at SIGTERM: all answered with Bv03, exit code 0');
    } finally {
      gw.proc.kill('SIGKILL');
    }
  });

  it('SIGINT with a message that never completes: cut off after shutdownTimeoutMs, exit non-zero', async () => {
    const gw = await startGatewayProcess({ DATABASE_URL: dbUrl, STUF_SHUTDOWN_TIMEOUT_MS: '1000' });
    try {
      const body = Buffer.from(creeerZaak12(uniqueId()));
      let started = () => {};
      const wrote = new Promise<void>((resolve) => { started = resolve; });
      const answer = rawExchange(gw.port, (s) => {
        s.write(kop(body.length));
        s.write(body.subarray(0, 100), () => started());
      });
      await wrote;
      await new Promise((r) => setTimeout(r, 100)); // the gateway has the request
      gw.proc.kill('SIGINT');
      assert.equal(await gw.exited, 1);
      assert.equal(await answer, '', 'the connection was closed without an answer');
    } finally {
      gw.proc.kill('SIGKILL');
    }
  });
});

describe('graceful shutdown with a delivery attempt in flight (the gateway in its own process)', () => {
  const slaap = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const SHUTDOWN_MS = 8000;

  /** A gateway process with one abonnee, on a database of its own; `abonnee.handler` makes the abonnee slow. */
  async function opzet(delivery: { timeoutMs: number }) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stoppen-bezorging-'));
    const fresh = await freshDatabase({ file: true });
    const abonnee = new Ontvanger('REGIE');
    await abonnee.up();
    const config = path.join(dir, 'config.json');
    fs.writeFileSync(config, JSON.stringify({
      subscriptions: [{ name: 'REGIE', url: abonnee.url }], shutdownTimeoutMs: SHUTDOWN_MS,
      delivery: { maxAttempts: 100, baseDelayMs: 200, maxDelayMs: 1000, pollMs: 200, worker: true, ...delivery },
    }));
    const gestart: GatewayProcess[] = [];
    const start = async () => {
      const gw = await startGatewayProcess({ DATABASE_URL: fresh.url, STUF_CONFIG: config });
      gestart.push(gw);
      return gw;
    };
    const outbox = async () => {
      const db = createDb(fresh.url);
      try {
        return await db('outbox').orderBy('id').select('id', 'toestand', 'pogingen', 'referentienummer');
      } finally {
        await db.destroy();
      }
    };
    return {
      abonnee, start, outbox,
      async close() {
        for (const gw of gestart) gw.proc.kill('SIGKILL');
        await Promise.all(gestart.map((gw) => gw.exited));
        await abonnee.down();
        await fresh.drop();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }

  /** A creeerZaak (one kennisgeving to the abonnee); resolves when the abonnee has the delivery attempt in hand. */
  async function zaakMetKennisgeving(gw: GatewayProcess, binnen: Promise<void>): Promise<void> {
    const a = await post(`${gw.url}/zds/1.2/OntvangAsynchroon`, KENNISGEVING, creeerZaak12(uniqueId()));
    assert.equal(a.status, 200, a.text);
    await Promise.race([binnen, slaap(20_000).then(() => assert.fail('the delivery attempt did not reach the abonnee'))]);
  }

  /**
   * A gateway whose abonnee runs `gedrag(n)` on its n-th delivery attempt before it answers Bv03; a creeerZaak; SIGTERM
   * while the first attempt runs. The gateway must exit 0 within shutdownTimeoutMs.
   */
  async function stopTijdensPoging(o: Awaited<ReturnType<typeof opzet>>, gedrag: (n: number) => Promise<unknown>) {
    let binnen = () => {};
    const aangekomen = new Promise<void>((r) => { binnen = r; });
    const pogingen: string[] = [];
    o.abonnee.handler = async (m) => {
      pogingen.push(m.referentienummer);
      binnen();
      await gedrag(pogingen.length);
      return undefined;
    };
    const gw = await o.start();
    await zaakMetKennisgeving(gw, aangekomen);
    const t0 = Date.now();
    gw.proc.kill('SIGTERM');
    const code = await gw.exited;
    const duur = Date.now() - t0;
    assert.equal(code, 0, 'exit 0');
    assert.ok(duur < SHUTDOWN_MS, `stopped within shutdownTimeoutMs (${duur} ms)`);
    return { duur, pogingen };
  }

  it('SIGTERM while the abonnee is slow to answer: the attempt finishes, the entry is delivered once, exit 0 within shutdownTimeoutMs', { timeout: 90_000 }, async (t) => {
    const o = await opzet({ timeoutMs: 10_000 });
    const VERTRAGING = 2000;
    try {
      const { duur, pogingen } = await stopTijdensPoging(o, () => slaap(VERTRAGING)); // then the Bv03
      assert.ok(duur >= VERTRAGING / 2, `waited for the attempt in flight (${duur} ms)`);
      assert.equal(o.abonnee.ontvangen.length, 1, 'the abonnee answered the attempt');
      const [entry, ...meer] = await o.outbox();
      assert.equal(meer.length, 0);
      assert.deepEqual([entry.toestand, Number(entry.pogingen)], ['bezorgd', 1], 'the attempt\'s Bv03 was recorded before the exit');
      // the next start does not deliver it again
      const tweede = await o.start();
      await slaap(2000); // ten polls
      tweede.proc.kill('SIGTERM');
      assert.equal(await tweede.exited, 0);
      assert.deepEqual(pogingen, [entry.referentienummer], 'one attempt, not repeated after the restart');
      assert.deepEqual((await o.outbox()).map((e) => [e.toestand, Number(e.pogingen)]), [['bezorgd', 1]]);
      t.diagnostic(`SIGTERM with a delivery attempt in flight (abonnee answers after ${VERTRAGING} ms): exit 0 after ${duur} ms, entry delivered once`);
    } finally {
      await o.close();
    }
  });

  it('SIGTERM while an attempt runs into its timeout: the entry stays undelivered, exit 0, and the next start delivers it', { timeout: 90_000 }, async (t) => {
    const TIMEOUT = 1500;
    const o = await opzet({ timeoutMs: TIMEOUT });
    try {
      // the first attempt gets no answer in time
      const { duur, pogingen } = await stopTijdensPoging(o, (n) => (n === 1 ? slaap(TIMEOUT * 3) : Promise.resolve()));
      const [entry, ...meer] = await o.outbox();
      assert.equal(meer.length, 0);
      assert.deepEqual([entry.toestand, Number(entry.pogingen)], ['wachtend', 1], 'not delivered, not lost: waiting for the next attempt');
      const tweede = await o.start();
      for (let i = 0; i < 100 && (await o.outbox())[0].toestand !== 'bezorgd'; i++) await slaap(200);
      tweede.proc.kill('SIGTERM');
      assert.equal(await tweede.exited, 0);
      assert.deepEqual((await o.outbox()).map((e) => [e.toestand, Number(e.pogingen)]), [['bezorgd', 2]], 'delivered by the next start, once');
      assert.deepEqual(pogingen, [entry.referentienummer, entry.referentienummer], 'the same kennisgeving (same referentienummer) twice: at least once');
      t.diagnostic(`SIGTERM with an attempt that timed out (timeoutMs ${TIMEOUT}): exit 0 after ${duur} ms, entry left waiting, delivered after the restart`);
    } finally {
      await o.close();
    }
  });
});

describe('migrations after a process died mid-migration', () => {
  /** knex's lock row as a killed migrator leaves it: set, and nobody to clear it. */
  async function staleLock(url: string) {
    const db = createDb(url);
    try {
      await migrate(db);
      await db('knex_migrations_lock').update({ is_locked: 1 });
    } finally {
      await db.destroy();
    }
  }

  it('PostgreSQL: the next gateway clears the stale lock itself and starts', { skip: !pg && 'PostgreSQL only (SQLite: next test)' }, async () => {
    const fresh = await freshDatabase();
    try {
      await staleLock(fresh.url);
      const started = Date.now();
      const srv = await startTestServer({ DATABASE_URL: fresh.url });
      try {
        assert.ok(Date.now() - started < 30_000, 'started without waiting for the lock to time out');
        assert.equal((await fetch(`${srv.url}/ready`)).status, 200);
      } finally {
        await srv.close();
      }
    } finally {
      await fresh.drop();
    }
  });

  it('`npm run migrate -- --unlock` clears it (the SQLite way; on PostgreSQL too)', async () => {
    const fresh = await freshDatabase({ file: true });
    try {
      await staleLock(fresh.url);
      const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/migrate.ts', '--unlock'],
        { cwd: projectRoot, env: { ...process.env, DATABASE_URL: fresh.url, LOG_LEVEL: 'warn' }, encoding: 'utf8' });
      assert.match(out, /is up to date/);
      const db = createDb(fresh.url);
      try {
        assert.equal(Number((await db('knex_migrations_lock').first()).is_locked), 0);
      } finally {
        await db.destroy();
      }
    } finally {
      await fresh.drop();
    }
  });
});
