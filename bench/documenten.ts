// The large-document scenarios: one request at a time (they measure a single large message, not throughput), a
// bounded number of them per scenario: voegZaakdocumentToe of 1 MB and of 50 MB, and geefZaakdocumentLezen of the
// 50 MB documents just stored. Per scenario the total time, requests/s, p50/p99 and the gateway's peak RSS increase
// (Linux /proc: VmHWM after the requests minus VmRSS before them, the peak reset first where the kernel allows it).
import fs from 'node:fs';
import { A12, geefZaakdocumentLezen12, voegZaakdocumentToe12 } from './messages.ts';
import type { Child } from './procs.ts';
import { creeerTemplate } from './scenarios.ts';

export interface DocumentRow {
  scenario: string;
  db: string;
  requests: number;
  errors: number;
  total_ms: number;
  requests_per_s: number;
  p50_ms: number;
  p99_ms: number;
  rss_increase_mb: number | null;
}

async function post(child: Child, path: string, action: string, body: string): Promise<{ status: number; text: string; ms: number }> {
  const t0 = performance.now();
  const r = await fetch(child.url + path, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${A12}${action}"` }, body, signal: AbortSignal.timeout(120_000) });
  const text = await r.text();
  return { status: r.status, text, ms: performance.now() - t0 };
}

const status = (pid: number) => fs.readFileSync(`/proc/${pid}/status`, 'utf8');
const mb = (kb: string | undefined) => Math.round(Number(kb ?? 0) / 1024);
const rss = (pid: number) => mb(status(pid).match(/VmRSS:\s+(\d+)/)?.[1]);
const peak = (pid: number) => mb(status(pid).match(/VmHWM:\s+(\d+)/)?.[1]);
function resetPeak(pid: number): void {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch { /* not allowed here: the peak is then since start */ }
}

/** Nearest-rank percentile of a small sample. */
export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

/** `count` sequential requests; `ok` says whether an answer is the expected one. */
async function sequential(scenario: string, db: string, child: Child, count: number, request: (i: number) => Promise<{ status: number; text: string; ms: number }>, ok: (a: { status: number; text: string }) => boolean): Promise<DocumentRow> {
  const pid = child.proc.pid!;
  resetPeak(pid);
  const before = rss(pid);
  const times: number[] = [];
  let errors = 0;
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const a = await request(i);
    times.push(a.ms);
    if (!ok(a)) {
      errors++;
      if (errors === 1) console.log(`  WARNING ${scenario} on ${db}: HTTP ${a.status} ${a.text.match(/<(?:\w+:)?details>([^<]*)</)?.[1] ?? a.text.slice(0, 200)}`);
    }
  }
  const total = performance.now() - t0;
  times.sort((a, b) => a - b);
  return {
    scenario, db, requests: count, errors, total_ms: Math.round(total), requests_per_s: Math.round(((count - errors) / (total / 1000)) * 100) / 100,
    p50_ms: Math.round(percentile(times, 50)), p99_ms: Math.round(percentile(times, 99)), rss_increase_mb: peak(pid) - before,
  };
}

function content(size: number): string {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i += 4) bytes.writeUInt32LE((i * 2654435761) >>> 0, i);
  return bytes.toString('base64');
}

/** The document scenarios on one gateway; `names` selects them (voegZaakdocumentToe-1MB, -50MB, geefZaakdocumentLezen-50MB). */
export async function documentBench(db: string, child: Child, runId: string, counts: { mb1: number; mb50: number }, names: (n: string) => boolean, log: (row: DocumentRow) => void): Promise<DocumentRow[]> {
  const zaak = `0999D${runId}${db.slice(0, 1).toUpperCase()}`;
  await creeerTemplate(child.url, zaak);
  const rows: DocumentRow[] = [];
  const add = (r: DocumentRow) => { rows.push(r); log(r); };
  const bv03 = (a: { status: number; text: string }) => a.status === 200 && /Bv03Bericht/.test(a.text);
  const toevoegen = (label: string, size: number, count: number) => {
    const base64 = content(size);
    const id = (i: number) => `D${runId}${db.slice(0, 1)}${label.replace(' ', '')}${i}`;
    return sequential(`voegZaakdocumentToe ${label}`, db, child, count,
      (i) => post(child, '/zds/1.2/OntvangAsynchroon', 'voegZaakdocumentToe_EdcLk01', voegZaakdocumentToe12(id(i), zaak, base64)), bv03).then((r) => ({ r, id }));
  };
  if (names('voegZaakdocumentToe-1MB')) add((await toevoegen('1 MB', 1 << 20, counts.mb1)).r);
  if (names('voegZaakdocumentToe-50MB') || names('geefZaakdocumentLezen-50MB')) {
    const { r, id } = await toevoegen('50 MB', 50 << 20, counts.mb50);
    if (names('voegZaakdocumentToe-50MB')) add(r);
    if (names('geefZaakdocumentLezen-50MB')) {
      const base64Length = Math.ceil((50 << 20) / 3) * 4;
      add(await sequential('geefZaakdocumentLezen 50 MB', db, child, counts.mb50,
        (i) => post(child, '/zds/1.2/BeantwoordVraag', 'geefZaakdocumentLezen_EdcLv01', geefZaakdocumentLezen12(id(i), `bench-l-${id(i)}`)),
        (a) => a.status === 200 && /geefZaakdocumentLezen_EdcLa01/.test(a.text.slice(0, 4000)) && a.text.length >= base64Length));
    }
  }
  return rows;
}
