// The load generator: autocannon in the bench process, against servers in other processes over loopback. A run is
// bounded in time (duration) and in count (maxOverallRequests). Only answers that are HTTP 2xx and of the expected
// kind count as throughput; non-2xx answers (SOAP faults are HTTP 500), answers of another kind (checked on every
// answer), socket errors and timeouts are errors. A progress bar on a TTY.
import fs from 'node:fs';
import autocannon from 'autocannon';

export interface Scenario {
  /** identifier (BENCH_ONLY, results.json) */
  name: string;
  /** how the tables show it */
  label: string;
  /** endpoint path, e.g. /zds/1.2/BeantwoordVraag */
  path: string;
  soapAction: string;
  /** a fixed request body, or a builder called with the request's number (see `counter`) */
  body: string | ((n: number) => string);
  /** what a correct answer contains */
  expect: RegExp;
  /** minimum ratio to the parse+validate baseline on SQLite / PostgreSQL (the issue's targets) */
  target?: { sqlite: number; postgres: number };
  /** numbered per server (a pool of seeded zaken on each gateway) rather than with one run-wide counter */
  perServer?: boolean;
}

export interface LoadResult {
  seconds: number;
  /** answers received */
  requests: number;
  /** 2xx answers of the expected kind */
  ok: number;
  non2xx: number;
  /** 2xx answers of another kind */
  mismatches: number;
  errors: number;
  timeouts: number;
  /** ok per second */
  rps: number;
  p50: number;
  p99: number;
  statusCodes: Record<string, number>;
}

export const bad = (r: LoadResult) => r.non2xx + r.mismatches + r.errors + r.timeouts;

/** Request numbers: one run-wide counter (unique identificaties and referentienummers), or one per server. */
export class Counter {
  private n = 0;
  next = () => ++this.n;
}
export const runWide = new Counter();

export function headersOf(s: Scenario): Record<string, string> {
  return { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${s.soapAction}"` };
}

const FAULT = /Fo0\dBericht|<(?:\w+:)?Fault>/;

/** One request outside the load run (preflight, seeding): status and body text. */
export async function send(baseUrl: string, s: Scenario, counter: Counter = runWide): Promise<{ status: number; contentType: string; text: string }> {
  const b = typeof s.body === 'string' ? s.body : s.body(counter.next());
  const r = await fetch(baseUrl + s.path, { method: 'POST', headers: headersOf(s), body: b, signal: AbortSignal.timeout(60_000) });
  return { status: r.status, contentType: r.headers.get('content-type') ?? '', text: await r.text() };
}

/** Why a preflight answer is not the expected one (undefined: it is). */
export function unexpected(s: Scenario, a: { status: number; text: string }): string | undefined {
  if (a.status === 200 && s.expect.test(a.text)) return undefined;
  const code = a.text.match(/<(?:\w+:)?code>(StUF\d+)</)?.[1];
  const detail = a.text.match(/<(?:\w+:)?details>([^<]*)</)?.[1] ?? a.text.match(/<faultstring>([^<]*)</)?.[1] ?? a.text.slice(0, 200);
  return `answers HTTP ${a.status}${code ? ` ${code}` : ''}${a.status === 200 ? ` without ${s.expect.source}` : ''}: ${detail}`;
}

export interface LoadOptions {
  seconds: number;
  connections: number;
  maxRequests: number;
  counter?: Counter;
  /** called about four times a second with the answers so far and the seconds elapsed */
  onProgress?: (answers: number, elapsed: number) => void;
}

/** One autocannon run against `baseUrl`. */
export function load(baseUrl: string, s: Scenario, o: LoadOptions): Promise<LoadResult> {
  const headers = headersOf(s);
  const build = s.body;
  const counter = o.counter ?? runWide;
  const opts: autocannon.Options = {
    url: baseUrl + s.path,
    method: 'POST',
    headers,
    connections: o.connections,
    pipelining: 1,
    duration: o.seconds,
    maxOverallRequests: Math.max(o.maxRequests, o.connections),
    timeout: 30,
    verifyBody: (body) => { const t = String(body ?? ''); return s.expect.test(t) || FAULT.test(t); }, // faults count as non-2xx already
  };
  if (typeof build === 'string') opts.body = build;
  else opts.requests = [{ method: 'POST', path: s.path, headers, setupRequest: (req) => ({ ...req, body: build(counter.next()) }) }];
  return new Promise((resolve, reject) => {
    let answers = 0;
    const t0 = performance.now();
    const timer = o.onProgress ? setInterval(() => o.onProgress!(answers, (performance.now() - t0) / 1000), 250) : undefined;
    const instance = autocannon(opts, (err, r) => {
      clearInterval(timer);
      if (err) return reject(err);
      const statusCodes: Record<string, number> = {};
      for (const [code, v] of Object.entries(r.statusCodeStats ?? {})) statusCodes[code] = v.count ?? 0;
      const requests = r['1xx'] + r['2xx'] + r['3xx'] + r['4xx'] + r['5xx'];
      const ok = r['2xx'] - r.mismatches;
      resolve({
        seconds: r.duration, requests, ok, non2xx: r.non2xx, mismatches: r.mismatches, errors: r.errors, timeouts: r.timeouts,
        rps: ok / r.duration, p50: r.latency.p50, p99: r.latency.p99, statusCodes,
      });
    });
    instance.on('response', () => { answers++; });
  });
}

/**
 * Concurrent runs against several servers, the connections split between them (scale-out): the sum of the
 * throughput, and the worse of the latencies (percentiles of separate runs cannot be merged exactly).
 */
export async function loadSplit(baseUrls: string[], s: Scenario, o: LoadOptions): Promise<LoadResult> {
  const per = Math.max(1, Math.floor(o.connections / baseUrls.length));
  const answers = baseUrls.map(() => 0);
  const t0 = performance.now();
  const rs = await Promise.all(baseUrls.map((u, i) => load(u, s, {
    ...o, connections: per, maxRequests: Math.ceil(o.maxRequests / baseUrls.length),
    onProgress: o.onProgress && ((a) => { answers[i] = a; if (i === 0) o.onProgress!(answers.reduce((x, y) => x + y, 0), (performance.now() - t0) / 1000); }),
  })));
  const sum = (f: (r: LoadResult) => number) => rs.reduce((x, r) => x + f(r), 0);
  const statusCodes: Record<string, number> = {};
  for (const r of rs) for (const [c, n] of Object.entries(r.statusCodes)) statusCodes[c] = (statusCodes[c] ?? 0) + n;
  return {
    seconds: Math.max(...rs.map((r) => r.seconds)), requests: sum((r) => r.requests), ok: sum((r) => r.ok), non2xx: sum((r) => r.non2xx),
    mismatches: sum((r) => r.mismatches), errors: sum((r) => r.errors), timeouts: sum((r) => r.timeouts), rps: sum((r) => r.rps),
    p50: Math.max(...rs.map((r) => r.p50)), p99: Math.max(...rs.map((r) => r.p99)), statusCodes,
  };
}

/**
 * A progress line for one run: on a TTY a bar redrawn in place, finished by `done` with the result line;
 * otherwise nothing until `done` prints one line per run.
 */
export function progressLine(prefix: string, seconds: number, maxRequests: number, tty: boolean): { update: (answers: number, elapsed: number) => void; done: (line: string) => void } {
  const width = 24;
  return {
    update(answers, elapsed) {
      if (!tty) return;
      const f = Math.min(1, Math.max(elapsed / seconds, answers / maxRequests));
      const filled = Math.round(f * width);
      process.stdout.write(`\r${prefix} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${elapsed.toFixed(1)}/${seconds} s ${answers} answers\x1b[K`);
    },
    done(line) {
      process.stdout.write(`${tty ? '\r' : ''}${prefix} ${line}${tty ? '\x1b[K' : ''}\n`);
    },
  };
}

/**
 * CPU time (ms) a process has used so far: all its threads, and its main thread alone (Linux /proc; undefined
 * elsewhere). Says whether a server was busy, and with what: a JS thread at 100 % is the limit, one at 70 % waits.
 */
export function cpuMs(pid: number | undefined): { proces: number; hoofd: number } | undefined {
  if (!pid) return undefined;
  const ticks = (file: string) => {
    const f = fs.readFileSync(file, 'utf8');
    const v = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(v[11]) + Number(v[12])) * 10; // utime + stime, in ticks of 10 ms (USER_HZ 100)
  };
  try {
    return { proces: ticks(`/proc/${pid}/stat`), hoofd: ticks(`/proc/${pid}/task/${pid}/stat`) };
  } catch {
    return undefined;
  }
}

/**
 * A measured run as the bench does it: `warmup` seconds of unrecorded load, then `seconds` of recorded load (at
 * most `maxRequests`), with a progress bar on a TTY and one result line. Several URLs: the connections split
 * between them (loadSplit). `warmupOk` is the number of good answers of the warm-up (for stored-row checks).
 */
export async function measure(urls: string[], s: Scenario, o: { prefix: string; seconds: number; warmup: number; connections: number; maxRequests: number; tty: boolean; counter?: Counter; pid?: number }):
  Promise<LoadResult & { warmupOk: number; cpu?: { us_per_request: number; main_thread_us_per_request: number; main_thread_busy: number } }> {
  const run = (seconds: number, onProgress?: LoadOptions['onProgress']) => {
    const lo: LoadOptions = { seconds, connections: o.connections, maxRequests: o.maxRequests, counter: o.counter, onProgress };
    return urls.length === 1 ? load(urls[0], s, lo) : loadSplit(urls, s, lo);
  };
  const line = progressLine(o.prefix, o.seconds, o.maxRequests, o.tty);
  if (o.tty) process.stdout.write(`\r${o.prefix} warming up ...\x1b[K`);
  const w = o.warmup > 0 ? await run(o.warmup) : undefined;
  const c0 = cpuMs(o.pid);
  const t0 = performance.now();
  const r = await run(o.seconds, line.update);
  const c1 = cpuMs(o.pid);
  const cpu = c0 && c1 && r.requests ? {
    us_per_request: Math.round(((c1.proces - c0.proces) * 1000) / r.requests),
    main_thread_us_per_request: Math.round(((c1.hoofd - c0.hoofd) * 1000) / r.requests),
    main_thread_busy: Math.round(((c1.hoofd - c0.hoofd) / (performance.now() - t0)) * 100) / 100,
  } : undefined;
  const n = bad(r);
  line.done(`${Math.round(r.rps).toLocaleString('en-US').padStart(7)} req/s  p50 ${String(r.p50 < 1 ? '<1' : r.p50).padStart(3)} ms  p99 ${String(r.p99 < 1 ? '<1' : r.p99).padStart(4)} ms` +
    `  errors ${n}${n ? ` of ${r.requests + r.errors} (${[...Object.entries(r.statusCodes).filter(([c]) => !c.startsWith('2')).map(([c, k]) => `${k}x${c}`), ...(r.mismatches ? [`${r.mismatches} unexpected answers`] : [])].join(' ')})` : ''}`);
  return { ...r, warmupOk: w?.ok ?? 0, cpu };
}
