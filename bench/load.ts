// The load generator: autocannon in the bench process, against a server in another process over loopback.
// Only 2xx answers count as throughput; non-2xx answers (SOAP faults are HTTP 500), socket errors and
// timeouts are reported as errors.
import autocannon from 'autocannon';

export interface Scenario {
  name: string;
  /** endpoint path, e.g. /zds/1.2/BeantwoordVraag */
  path: string;
  soapAction: string;
  /** a fixed request body, or a builder called with a run-wide counter for every request */
  body: string | ((n: number) => string);
  /** what a correct answer contains (checked on the preflight answer) */
  expect: RegExp;
  /** minimum ratio to the parse+validate baseline (SQLite gateway) */
  target: number;
}

export interface LoadResult {
  seconds: number;
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** 2xx answers per second */
  rps: number;
  p50: number;
  p99: number;
  statusCodes: Record<string, number>;
}

let counter = 0;
/** The counter behind every generated request body: unique within this bench run. */
export const nextNumber = () => ++counter;

export function headersOf(s: Scenario): Record<string, string> {
  return { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${s.soapAction}"` };
}

/** One request outside the load run (preflight, seeding): status and body text. */
export async function send(baseUrl: string, s: Scenario, body?: string): Promise<{ status: number; contentType: string; text: string }> {
  const b = body ?? (typeof s.body === 'string' ? s.body : s.body(nextNumber()));
  const r = await fetch(baseUrl + s.path, { method: 'POST', headers: headersOf(s), body: b, signal: AbortSignal.timeout(30_000) });
  return { status: r.status, contentType: r.headers.get('content-type') ?? '', text: await r.text() };
}

export async function load(baseUrl: string, s: Scenario, seconds: number, connections: number): Promise<LoadResult> {
  const headers = headersOf(s);
  const build = s.body;
  const opts: autocannon.Options = {
    url: baseUrl + s.path,
    method: 'POST',
    headers,
    connections,
    pipelining: 1,
    duration: seconds,
    timeout: 30,
  };
  if (typeof build === 'string') opts.body = build;
  else {
    opts.requests = [{
      method: 'POST', path: s.path, headers,
      setupRequest: (req) => ({ ...req, body: build(nextNumber()) }),
    }];
  }
  const r = await autocannon(opts);
  const statusCodes: Record<string, number> = {};
  for (const [code, v] of Object.entries(r.statusCodeStats ?? {})) statusCodes[code] = v.count ?? 0;
  const ok = r['2xx'];
  const requests = r['1xx'] + ok + r['3xx'] + r['4xx'] + r['5xx'];
  return {
    seconds: r.duration, requests, ok, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts,
    rps: ok / r.duration, p50: r.latency.p50, p99: r.latency.p99, statusCodes,
  };
}
