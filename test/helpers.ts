// Shared test helpers: a gateway on an ephemeral port over the database under test, SOAP posting,
// and XSD validation of every answer.
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { after, before } from 'node:test';
import { XmlDocument, XmlElement, type XmlTreeNode } from 'libxml2-wasm';
import { loadConfig, projectRoot, type Config } from '../src/config/index.ts';
import { startServer, type RunningServer } from '../src/http/server.ts';
import type { Bundle } from '../src/xsd/validators.ts';
import { NS } from '../src/xml/namespaces.ts';
import { requestHeaders } from '../src/soap/envelope.ts';

/** The database of this test run: DATABASE_URL (PostgreSQL in CI's second pass) or in-memory SQLite. */
export const DATABASE_URL = process.env.DATABASE_URL ?? 'sqlite::memory:';

export async function startTestServer(env: Record<string, string> = {}, overrides: Partial<Config> = {}): Promise<RunningServer> {
  const config = loadConfig({ DATABASE_URL, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env } as NodeJS.ProcessEnv, overrides);
  return startServer(config);
}

/** A gateway as its own process (`src/main.ts`), so that its memory can be read and signals sent to it. */
export interface GatewayProcess {
  proc: ChildProcess;
  url: string;
  port: number;
  /** resident set size now and at its peak (VmRSS, VmHWM), in MB */
  rssMb(): { now: number; peak: number };
  /** resolves with the exit code (null when killed by a signal) */
  exited: Promise<number | null>;
}

/** A port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
  });
}

export async function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const kb = (status: string, field: string) => Math.round(Number(status.match(new RegExp(`${field}:\\s+(\\d+)`))?.[1] ?? 0) / 1024);
  const rssMb = () => {
    const status = fs.readFileSync(`/proc/${proc.pid}/status`, 'utf8');
    return { now: kb(status, 'VmRSS'), peak: kb(status, 'VmHWM') };
  };
  for (let i = 0; i < 300 && proc.exitCode === null; i++) {
    if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) return { proc, url, port, rssMb, exited };
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill();
  throw new Error('the gateway did not start');
}

/**
 * Sends raw bytes on one connection and collects what comes back until the server closes it (or `ms` pass):
 * for what fetch cannot send (a body cut short, a declared length never sent, a request held open).
 */
export function rawExchange(port: number, write: (s: net.Socket) => void | Promise<void>, ms = 30_000): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let answer = '';
    const done = () => { clearTimeout(t); resolve(answer); };
    const t = setTimeout(() => { s.destroy(); done(); }, ms);
    s.on('data', (d) => { answer += d.toString('latin1'); });
    s.on('close', done);
    s.on('error', () => {}); // a reset after the answer: what came back is what counts
    s.on('connect', () => void write(s));
  });
}

export const httpStatusOf = (raw: string) => Number(raw.match(/^HTTP\/1\.1 (\d{3})/)?.[1] ?? 0);

/**
 * A fresh, empty database: in-memory SQLite (with `file`: an SQLite file in a temp folder, for another process or a
 * second connection to see), or a new PostgreSQL schema selected via search_path.
 */
export async function freshDatabase(o: { file?: boolean } = {}): Promise<{ url: string; drop(): Promise<void> }> {
  if (!/^postgres(ql)?:\/\//.test(DATABASE_URL)) {
    if (!o.file) return { url: 'sqlite::memory:', drop: async () => {} };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stuf-test-'));
    return { url: `sqlite:${path.join(dir, 'gateway.db')}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `t_${process.pid}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new pg.Client(DATABASE_URL);
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.end();
  const url = `${DATABASE_URL}${DATABASE_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    url,
    async drop() {
      const c = new pg.Client(DATABASE_URL);
      await c.connect();
      await c.query(`DROP SCHEMA "${schema}" CASCADE`);
      await c.end();
    },
  };
}

/** A unique identificatie per test, so tests share one database without wiping it. */
export const uniqueId = (prefix = '0999T') => `${prefix}${randomUUID().replace(/-/g, '').slice(0, 20)}`;

export interface SoapAnswer {
  status: number;
  contentType: string;
  text: string;
}

export async function post(url: string, action: string, xml: string, soapVersion: '1.1' | '1.2' = '1.1'): Promise<SoapAnswer> {
  const headers = requestHeaders(soapVersion, action);
  const r = await fetch(url, { method: 'POST', headers, body: xml });
  return { status: r.status, contentType: r.headers.get('content-type') ?? '', text: await r.text() };
}

export function envelope(body: string, soapVersion: '1.1' | '1.2' = '1.1'): string {
  const ns = soapVersion === '1.2' ? NS.SOAP12 : NS.SOAP11;
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${ns}"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
}

/** Standard prefixes for hand-written test messages. */
export const XMLNS = `xmlns:StUF="${NS.StUF}" xmlns:ZKN="${NS.ZKN}" xmlns:BG="${NS.BG}" xmlns:ZDS="${NS.ZDS}" xmlns:xsi="${NS.xsi}" xmlns:xmime="${NS.xmime}"`;

function firstElementChild(el: XmlElement): XmlElement | undefined {
  for (let c: XmlTreeNode | null = el.firstChild; c; c = c.next) if (c instanceof XmlElement) return c;
  return undefined;
}

/**
 * The StUF answer element of a SOAP answer (the Body child, or the Fo-bericht in a Fault's detail),
 * validated against the official XSD of `bundle`. Returns its local name and the text for assertions.
 */
export function assertValidAnswer(srv: RunningServer, text: string, bundle: Bundle): { name: string } {
  const doc = XmlDocument.fromString(text);
  try {
    const body = [...doc.find('/*[local-name()="Envelope"]/*[local-name()="Body"]')][0] as XmlElement;
    let el = firstElementChild(body)!;
    if (el.name === 'Fault') {
      const detail = (doc.get('//*[local-name()="detail" or local-name()="Detail"]') as XmlElement);
      el = firstElementChild(detail)!;
    }
    const errors = srv.gateway.validators.validate(bundle, el);
    assert.deepEqual(errors, [], `answer ${el.name} is not valid against ${bundle}:\n${text}`);
    return { name: el.name };
  } finally {
    doc.dispose();
  }
}

/** Text of the first element with this local name in an answer. */
export function textOf(xml: string, localName: string): string | undefined {
  return xml.match(new RegExp(`<(?:\\w+:)?${localName}(?:\\s[^>]*)?>([^<]*)</(?:\\w+:)?${localName}>`))?.[1];
}

export const faultCode = (xml: string) => textOf(xml, 'code');

/** A CA, a server certificate for 127.0.0.1, and client certificates; PEM files in a temp folder. */
export function certificaten(dir: string, clients: string[]): Record<string, string> {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Test CA/O=Gemeente Testdorp');
  const sign = (name: string, subj: string, ext?: string) => {
    run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subj);
    if (ext) fs.writeFileSync(path.join(dir, `${name}.ext`), ext);
    run('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', ...(ext ? ['-extfile', `${name}.ext`] : []));
  };
  sign('server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1');
  for (const c of clients) sign(c, `/O=Gemeente Testdorp/CN=${c}.testdorp.nl`);
  return Object.fromEntries(['ca', 'server', ...clients].flatMap((n) => [[`${n}.pem`, path.join(dir, `${n}.pem`)], [`${n}.key`, path.join(dir, `${n}.key`)]]));
}

/** `stuf-gateway ARGS` (bin/stuf-gateway.mjs) as its own process; its exit code and output. Async: the test's gateway keeps serving. */
export async function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(projectRoot, 'bin/stuf-gateway.mjs'), ...args], { cwd: projectRoot, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, maxBuffer: 32 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }));
  });
}

/** A gateway on a fresh database for the enclosing describe(): started before its tests, closed and dropped after them. */
export function suiteGateway(env: Record<string, string> = {}, overrides: Partial<Config> = {}): { srv: RunningServer } {
  const handle = {} as { srv: RunningServer };
  let drop: (() => Promise<void>) | undefined;
  before(async () => {
    const db = await freshDatabase();
    drop = db.drop;
    handle.srv = await startTestServer({ DATABASE_URL: db.url, ...env }, overrides);
  });
  after(async () => {
    await handle.srv?.close();
    await drop?.();
  });
  return handle;
}

/** Polls `f` every 50 ms until it returns a value (not undefined), for at most `ms`. */
export async function waitFor<T>(f: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
