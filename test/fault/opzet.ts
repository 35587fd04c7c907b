// What the fault tests (test/fault-*.test.ts) share: a fresh database per case that several processes and a restart
// can see (a new PostgreSQL schema, or an SQLite file in a temp folder: `:memory:` dies with its process), gateways
// as child processes (bench/procs.ts: `node --import tsx src/main.ts`, ready at GET /health) that can be killed and
// restarted, SOAP posts that never wait longer than a bound, bounded concurrency, and the line of counts each case
// prints into the CI output.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { installCleanup, logPath, startChild, stopChild, type Child } from '../../bench/procs.ts';
import { projectRoot, type Config } from '../../src/config/index.ts';
import { createDb, type Db } from '../../src/store/db.ts';
import { DATABASE_URL, faultCode, freshDatabase } from '../helpers.ts';

export const ON_PG = /^postgres(ql)?:\/\//.test(DATABASE_URL);
export const DB_KIND = ON_PG ? 'postgres' : 'sqlite';

/** A case that only PostgreSQL can have: skipped on SQLite with the reason in the output, run in the PostgreSQL pass. */
export function alleenPostgres(waarom: string): false | string {
  if (ON_PG) return false;
  const reden = `PostgreSQL only (${waarom}); this run is on SQLite (DATABASE_URL is not postgres://)`;
  console.log(`skipped: ${reden}`);
  return reden;
}

export interface Gateway extends Child {
  /** the /soap endpoint (every dialect and port) */
  soap: string;
}

export interface Opzet {
  dir: string;
  /** DATABASE_URL of this case's database */
  url: string;
  /** a knex on the case's database, for checks from the test process */
  db(): Db;
  /** a gateway process on the case's database, with `config` as its STUF_CONFIG file */
  start(name: string, opts?: { config?: Partial<Config>; env?: Record<string, string> }): Promise<Gateway>;
  /** kill -9: no shutdown, no flushing, connections cut */
  kill(g: Gateway): Promise<void>;
  /** the last lines of a gateway's log (for failure messages) */
  log(g: Gateway): string;
  /** stops every gateway, drops the database, removes the folder */
  close(): Promise<void>;
}

installCleanup();

/** A case with a fresh database of the run's kind, or on `databaseUrl` (a database the case brings itself). */
export async function opzet(naam: string, databaseUrl?: string): Promise<Opzet> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fault-${naam}-`));
  const fresh = databaseUrl ? { url: databaseUrl, drop: async () => {} }
    : ON_PG ? await freshDatabase() : { url: `sqlite:${path.join(dir, 'gateway.db')}`, drop: async () => {} };
  const gateways: Gateway[] = [];
  /** starts in progress: close() waits for them, so a gateway started next to one that failed is stopped too */
  const starting: Promise<unknown>[] = [];
  let db: Db | undefined;
  return {
    dir, url: fresh.url,
    db: () => (db ??= createDb(fresh.url)),
    async start(name, opts = {}) {
      const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: fresh.url, LOG_LEVEL: 'warn', STUF_CONFIG: '', ...opts.env };
      if (opts.config) {
        env.STUF_CONFIG = path.join(dir, `${name}.json`);
        fs.writeFileSync(env.STUF_CONFIG, JSON.stringify(opts.config));
      }
      const p = startChild({ name, cwd: projectRoot, script: 'src/main.ts', env, logFile: logPath(dir, name), timeoutMs: 60_000 });
      starting.push(p.catch(() => undefined));
      const c = await p;
      const g = { ...c, soap: `${c.url}/soap` };
      gateways.push(g);
      return g;
    },
    async kill(g) {
      if (g.proc.exitCode !== null || g.proc.signalCode !== null) return;
      const gone = new Promise((r) => g.proc.once('exit', r));
      g.proc.kill('SIGKILL');
      await gone;
    },
    log: (g) => fs.readFileSync(g.logFile, 'utf8').trimEnd().split('\n').slice(-30).join('\n'),
    async close() {
      await Promise.all(starting);
      await Promise.all(gateways.map((g) => stopChild(g.proc)));
      await db?.destroy();
      await fresh.drop();
      // FAULT_KEEP=1 keeps the folder (gateway logs, configuration, the SQLite file) for a look afterwards
      if (process.env.FAULT_KEEP) console.log(`kept ${dir}`);
      else fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Antwoord {
  /** HTTP status; 0 when there was no HTTP answer (`fout` says why) */
  status: number;
  text: string;
  /** the StUF fault code of a Fo02/Fo03 */
  code?: string;
  /** no answer: connection refused/reset, or `timeout` */
  fout?: string;
}

/** One SOAP 1.1 post that gives up after `timeoutMs` (so that a hanging gateway fails the case instead of CI). */
export async function stuur(url: string, action: string, xml: string, timeoutMs = 30_000): Promise<Antwoord> {
  try {
    const r = await fetch(url, {
      method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"` }, body: xml, signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await r.text();
    return { status: r.status, text, code: r.status === 200 ? undefined : faultCode(text) };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    return { status: 0, text: '', fout: err.name === 'TimeoutError' ? 'timeout' : err.cause?.code ?? err.message };
  }
}

/**
 * One SOAP 1.1 post over node:http through `agent` (its maxSockets bounds the connections: give it as many as the
 * messages meant to be in flight), given up after `timeoutMs`. `verstuurd` is told once the whole request has been
 * written to its connection, so a case can count the messages in flight (sent, not yet answered).
 */
export function stuurHttp(url: string, action: string, xml: string, o: { agent: http.Agent; timeoutMs?: number; verstuurd?: () => void }): Promise<Antwoord> {
  return new Promise((resolve) => {
    const body = Buffer.from(xml);
    let klaar = false;
    const einde = (a: Antwoord) => {
      if (klaar) return;
      klaar = true;
      clearTimeout(timer);
      resolve(a);
    };
    const fout = (e: Error) => einde({ status: 0, text: '', fout: (e as NodeJS.ErrnoException).code ?? e.message });
    const req = http.request(url, {
      method: 'POST', agent: o.agent, headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"`, 'content-length': body.length },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        einde({ status: res.statusCode ?? 0, text, code: res.statusCode === 200 ? undefined : faultCode(text) });
      });
      res.on('error', fout);
      res.on('close', () => einde({ status: 0, text: '', fout: 'ECONNRESET' })); // closed before its end
    });
    const timer = setTimeout(() => {
      einde({ status: 0, text: '', fout: 'timeout' });
      req.destroy();
    }, o.timeoutMs ?? 30_000);
    req.on('error', fout);
    req.on('finish', () => o.verstuurd?.());
    req.end(body);
  });
}

/** Rows in a table. */
export const aantal = async (db: Db, tabel: string) => Number((await db(tabel).count({ n: '*' }))[0].n);

export const isBv03 = (a: Antwoord) => a.status === 200 && /<(?:\w+:)?Bv03Bericht[\s>]/.test(a.text);

/** `fn` over `items` with at most `limit` in flight; results in item order. */
export async function parallel<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Polls `f` until it returns a value; fails after `ms`. */
export async function wachtOp<T>(wat: string, f: () => Promise<T | undefined>, ms: number, elke = 100): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`${wat}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, elke));
  }
}

/** The case's counts, one line in the test output (CI shows it): `fault <case> [<database>]: name value, ...`. */
export function telling(geval: string, tellingen: Record<string, number | string>): void {
  console.log(`fault ${geval} [${DB_KIND}]: ${Object.entries(tellingen).map(([k, v]) => `${k} ${v}`).join(', ')}`);
}

/** Occurrences per value, e.g. fault codes: `StUF046 12, ECONNRESET 1`. */
export function perWaarde(values: (string | undefined)[]): string {
  const m = new Map<string, number>();
  for (const v of values) m.set(v ?? '?', (m.get(v ?? '?') ?? 0) + 1);
  return [...m].map(([k, n]) => `${k} ${n}`).join(' / ') || 'none';
}
