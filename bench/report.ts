// The results: bench/results.json (every section with the date and settings it was measured with; a run keeps the
// sections of an earlier run that it did not measure), bench/results.md (the targets of issue 7 with the measured
// values, then one table per section), and with BENCH_README=1 the same markdown in README.md between
// <!-- bench:results --> and <!-- /bench:results -->.
import fs from 'node:fs';
import path from 'node:path';
import type { DocumentRow } from './documenten.ts';
import { benchDir, fmt, ms, root } from './options.ts';
import type { ServerKind } from './procs.ts';

export interface RunMeta {
  date: string; node: string; cpus: number; cpu?: string; seconds: number; warmup_seconds: number; connections: number;
  max_requests: number; gateway_log_level: string; load_average_before: number; databases: string[];
  /** how long the part took, seconds */
  duration_s?: number;
}

export interface ScenarioRow {
  scenario: string; label: string; server: ServerKind; db: string;
  requests_per_s: number; p50_ms: number; p99_ms: number; errors: number; requests: number; status_codes: Record<string, number>;
  ratio_to_parse_validate: number | null; p99_ratio_to_parse_validate: number | null; note?: string;
  /** CPU time of the server process (all threads) and of its main thread per request, and how busy that thread was (0-1) */
  cpu_us_per_request?: number | null; main_thread_us_per_request?: number | null; main_thread_busy?: number | null;
}
export interface StartupRow { db: string; first_start_ms: number; restart_ms: number | null }
export interface GrowthRow { db: string; zaken: number; seed_s: number; scenario: string; requests_per_s: number; p50_ms: number; p99_ms: number; errors: number }
export interface ScaleRow { scenario: string; processes: number; requests_per_s: number; p50_ms: number; p99_ms: number; errors: number }
export interface ScaleCheck { bv03: number; stored: number; in_flight_bound: number; ok: boolean }

export interface Sections {
  scenarios: { meta: RunMeta; rows: ScenarioRow[] };
  documents: { meta: RunMeta; rows: DocumentRow[] };
  startup: { meta: RunMeta; rows: StartupRow[] };
  growth: { meta: RunMeta; rows: GrowthRow[] };
  scale: { meta: RunMeta; rows: ScaleRow[]; creeerZaak: ScaleCheck };
}
export type Results = Partial<Sections>;
const SECTIONS: (keyof Sections)[] = ['scenarios', 'documents', 'startup', 'growth', 'scale'];

const resultsFile = path.join(benchDir, 'results.json');
const mdFile = path.join(benchDir, 'results.md');

export function readPrevious(): Results {
  try {
    const r = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as Record<string, { meta?: RunMeta }>;
    // only sections of this layout (an older results.json is not kept)
    return Object.fromEntries(Object.entries(r).filter(([k, v]) => SECTIONS.includes(k as keyof Sections) && v?.meta)) as Results;
  } catch {
    return {};
  }
}

/** Writes results.json and results.md (and README.md with `readme`); returns the markdown. */
export function writeResults(results: Results, readme: boolean): string {
  fs.writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  const md = markdown(results);
  fs.writeFileSync(mdFile, md);
  if (readme) rewriteReadme(md);
  return md;
}

const START = '<!-- bench:results -->';
const END = '<!-- /bench:results -->';

function rewriteReadme(md: string): void {
  const file = path.join(root, 'README.md');
  const text = fs.readFileSync(file, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) {
    console.log(`  README.md has no ${START} ... ${END} markers: not rewritten`);
    return;
  }
  fs.writeFileSync(file, `${text.slice(0, a + START.length)}\n${md.trim()}\n${text.slice(b)}`);
  console.log('  rewrote the results in README.md');
}

// ---- targets

interface Target { measure: string; target: string; measured: string; ok: boolean | null }
const mark = (ok: boolean | null) => (ok === null ? '➖' : ok ? '✅' : '❌');
const x = (n: number) => `${n.toFixed(2)}×`;
const DBS: [string, string][] = [['sqlite', 'SQLite'], ['postgres', 'PostgreSQL']];

function targets(r: Results): Target[] {
  const out: Target[] = [];
  const rows = r.scenarios?.rows ?? [];
  const gw = (sc: string, db: string) => rows.find((w) => w.scenario === sc && w.server === 'gateway' && w.db === db);
  const none = (measure: string, target: string, why = 'not measured') => out.push({ measure, target, measured: why, ok: null });
  for (const [sc, t] of [['geefZaakdetails', { sqlite: 0.7, postgres: 0.5 }], ['creeerZaak', { sqlite: 0.5, postgres: 0.35 }]] as const) {
    for (const [db, DB] of DBS) {
      const g = gw(sc, db);
      const measure = `${sc} / parse+validate baseline, ${DB}`;
      const target = `≥ ${t[db as 'sqlite'].toFixed(2)}`;
      if (!g || g.ratio_to_parse_validate === null) none(measure, target);
      else out.push({ measure, target, measured: `${g.ratio_to_parse_validate.toFixed(2)} (${fmt(g.requests_per_s)} req/s${g.errors ? `, ${g.errors} errors` : ''})`, ok: g.ratio_to_parse_validate >= t[db as 'sqlite'] && !g.errors });
    }
  }
  const soap = rows.find((w) => w.scenario === 'geefZaakdetails' && w.server === 'node-soap');
  for (const [db, DB] of DBS) {
    const g = gw('geefZaakdetails', db);
    const measure = `geefZaakdetails vs node-soap canned baseline, ${DB}`;
    if (!g || !soap || !soap.requests_per_s) none(measure, '≥ 2×');
    else out.push({ measure, target: '≥ 2×', measured: `${x(g.requests_per_s / soap.requests_per_s)} (${fmt(g.requests_per_s)} vs ${fmt(soap.requests_per_s)} req/s)`, ok: g.requests_per_s >= 2 * soap.requests_per_s && !g.errors });
  }
  const conns = r.scenarios?.meta.connections;
  for (const [db, DB] of DBS) {
    const measured = rows.filter((w) => w.server === 'gateway' && w.db === db && w.p99_ratio_to_parse_validate !== null);
    const measure = `p99 latency at ${conns ?? 16} connections / parse+validate p99, ${DB}, every load scenario`;
    if (!measured.length) { none(measure, '≤ 1.5×'); continue; }
    const worst = measured.reduce((a, b) => (b.p99_ratio_to_parse_validate! > a.p99_ratio_to_parse_validate! ? b : a));
    const pv = (w: ScenarioRow) => rows.find((v) => v.scenario === w.scenario && v.server === 'parse+validate')?.p99_ms ?? 0;
    const shown = measured.filter((w) => w.scenario === 'geefZaakdetails' || w.scenario === 'creeerZaak');
    if (!shown.includes(worst)) shown.push(worst);
    out.push({
      measure, target: '≤ 1.5×', ok: measured.every((w) => w.p99_ratio_to_parse_validate! <= 1.5),
      measured: shown.map((w) => `${w.scenario}${w === worst && measured.length > 1 ? ' (worst)' : ''} ${x(w.p99_ratio_to_parse_validate!)} (${ms(w.p99_ms)} vs ${ms(pv(w))} ms)`).join('; '),
    });
  }
  for (const f of growthFactors(r)) {
    const measure = `${f.scenario} at ${fmt(f.largest)} zaken vs ${fmt(f.smallest)}, ${f.db === 'sqlite' ? 'SQLite' : 'PostgreSQL'} (slow-down)`;
    out.push({ measure, target: '≤ 1.5×', measured: `${x(f.factor)} (${fmt(f.rpsSmall)} → ${fmt(f.rpsLarge)} req/s)`, ok: f.factor <= 1.5 && !f.errors });
  }
  if (!r.growth) none('geefZaakdetails and BSN lookup at 1,000,000 zaken vs 1,000', '≤ 1.5×', 'not measured (BENCH_GROWTH=1)');
  for (const [db, DB] of DBS) {
    const d = r.documents?.rows.find((w) => w.scenario === 'voegZaakdocumentToe 50 MB' && w.db === db);
    const measure = `voegZaakdocumentToe 50 MB, ${DB} (slowest of ${d?.requests ?? '–'}; peak RSS increase)`;
    if (!d) none(measure, '≤ 2 s, ≤ 200 MB');
    else out.push({ measure, target: '≤ 2 s, ≤ 200 MB', measured: `${fmt(d.p99_ms / 1000, 2)} s, +${d.rss_increase_mb ?? '?'} MB`, ok: d.p99_ms <= 2000 && (d.rss_increase_mb ?? Infinity) <= 200 && !d.errors });
  }
  for (const [db, DB] of DBS) {
    const s = r.startup?.rows.find((w) => w.db === db);
    if (!s) { none(`start to ready, ${DB}`, '≤ 2 s'); continue; }
    if (s.restart_ms !== null) out.push({ measure: `start to ready (spawn → /ready 200, schema current), ${DB}`, target: '≤ 2 s', measured: `${fmt(s.restart_ms / 1000, 2)} s`, ok: s.restart_ms <= 2000 });
    out.push({ measure: `start to ready on an empty database (migrations run), ${DB}`, target: '≤ 2 s', measured: `${fmt(s.first_start_ms / 1000, 2)} s`, ok: s.first_start_ms <= 2000 });
  }
  return out;
}

export function growthFactors(r: Results): { db: string; scenario: string; smallest: number; largest: number; rpsSmall: number; rpsLarge: number; factor: number; errors: number }[] {
  const rows = r.growth?.rows ?? [];
  const out = [];
  for (const db of new Set(rows.map((w) => w.db))) {
    for (const scenario of new Set(rows.map((w) => w.scenario))) {
      const m = rows.filter((w) => w.db === db && w.scenario === scenario).sort((a, b) => a.zaken - b.zaken);
      if (m.length < 2) continue;
      const [s, l] = [m[0], m[m.length - 1]];
      out.push({ db, scenario, smallest: s.zaken, largest: l.zaken, rpsSmall: s.requests_per_s, rpsLarge: l.requests_per_s, factor: l.requests_per_s ? s.requests_per_s / l.requests_per_s : Infinity, errors: m.reduce((a, w) => a + w.errors, 0) });
    }
  }
  return out;
}

// ---- markdown

function metaLine(m: RunMeta): string {
  return `Measured ${m.date.slice(0, 16).replace('T', ' ')} UTC on ${m.cpus} CPUs (${m.cpu}), node ${m.node}, ${m.databases.join(' and ')}; ` +
    `${m.seconds} s per run after ${m.warmup_seconds} s warm-up, at most ${fmt(m.max_requests)} requests, ${m.connections} connections; ` +
    `gateway LOG_LEVEL=${m.gateway_log_level}; load average ${m.load_average_before} at the start${m.duration_s === undefined ? '' : `; took ${fmt(m.duration_s)} s`}.`;
}

function table(head: string[], align: string[], rows: string[][]): string[] {
  return [`| ${head.join(' | ')} |`, `|${align.join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

export function markdown(r: Results): string {
  const out: string[] = ['### Targets (issue 7)', ''];
  out.push(...table(['measure', 'target', 'measured', ''], ['---', '---', '---', '---'], targets(r).map((t) => [t.measure, t.target, t.measured, mark(t.ok)])));
  out.push('', '✅ met, ❌ not met, ➖ not measured in the runs these results come from.');
  if (r.scenarios) {
    const { meta, rows } = r.scenarios;
    out.push('', '### Load scenarios', '', `${metaLine(meta)} autocannon in the bench process, every server its own process, over loopback. ` +
      'req/s counts HTTP 2xx answers of the expected kind only; errors are faults (non-2xx), answers of another kind, socket errors and timeouts; ' +
      'latency has 1 ms resolution; × p+v is the ratio of req/s to the parse+validate baseline, p99 × p+v that of the p99 latencies; ' +
      'CPU µs/req is the CPU time of the server process (all threads: JS, the log writer and checkpoint workers, GC, libuv) per answer during the run, ' +
      'main µs/req that of its JS main thread, busy how much of the run that thread was running (from /proc).', '');
    const cpu = (v: number | null | undefined) => (v === null || v === undefined ? '–' : fmt(v));
    out.push(...table(['Scenario', 'Server', 'DB', 'req/s', 'p50 ms', 'p99 ms', 'errors', '× p+v', 'p99 × p+v', 'CPU µs/req', 'main µs/req', 'busy'],
      ['---', '---', '---', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:'],
      rows.map((w) => [w.label, w.server, w.db, fmt(w.requests_per_s), ms(w.p50_ms), ms(w.p99_ms), w.errors ? `**${fmt(w.errors)}**` : '0',
        w.ratio_to_parse_validate === null ? '–' : w.ratio_to_parse_validate.toFixed(2), w.p99_ratio_to_parse_validate === null ? '–' : w.p99_ratio_to_parse_validate.toFixed(2),
        cpu(w.cpu_us_per_request), cpu(w.main_thread_us_per_request), w.main_thread_busy === null || w.main_thread_busy === undefined ? '–' : `${Math.round(w.main_thread_busy * 100)} %`])));
    const noted = rows.filter((w) => w.note);
    if (noted.length) out.push('', ...noted.map((w) => `- ${w.scenario}, ${w.server}${w.db === '-' ? '' : ` ${w.db}`}: ${w.note!.replace(/\|/g, '\\|')}`));
  }
  if (r.documents) {
    const { meta, rows } = r.documents;
    out.push('', '### Large documents', '', `Measured ${meta.date.slice(0, 16).replace('T', ' ')} UTC. One request at a time, a bounded number per scenario, ` +
      'after the load runs (the gateway\'s heap has grown already); the ratio to a baseline does not apply. Peak RSS increase: the gateway\'s VmHWM after the requests minus its VmRSS before them.', '');
    out.push(...table(['Scenario', 'DB', 'requests', 'errors', 'total s', 'req/s', 'p50 ms', 'p99 ms', 'peak RSS increase MB'], ['---', '---', '--:', '--:', '--:', '--:', '--:', '--:', '--:'],
      rows.map((w) => [w.scenario, w.db, String(w.requests), w.errors ? `**${w.errors}**` : '0', fmt(w.total_ms / 1000, 2), fmt(w.requests_per_s, 2), fmt(w.p50_ms), fmt(w.p99_ms), w.rss_increase_mb === null ? '' : String(w.rss_increase_mb)])));
  }
  if (r.startup) {
    out.push('', '### Start-up', '', `Measured ${r.startup.meta.date.slice(0, 16).replace('T', ' ')} UTC. Spawn of \`node --import tsx src/main.ts\` → first \`GET /ready\` 200 (database answers, migrations done, schemas compiled); ` +
      'first start on an empty database (the migrations create the schema), restart on the database after the load runs.', '');
    out.push(...table(['DB', 'first start (empty database)', 'restart (schema current)'], ['---', '--:', '--:'],
      r.startup.rows.map((w) => [w.db, `${fmt(w.first_start_ms)} ms`, w.restart_ms === null ? '–' : `${fmt(w.restart_ms)} ms`])));
  }
  if (r.growth) {
    const { meta, rows } = r.growth;
    out.push('', '### Growth', '', `${metaLine(meta)} Zaken seeded straight into the database (bench/seed.ts: copies of a zaak with 6 relations, ` +
      'initiators spread over persons: most in one or two zaken, some in about 50); geefZaakdetails of a random zaak of all seeded, the zakLv01 BSN lookup of a random zaak\'s initiator. ' +
      'The answer cache is off (it would answer the 1,000 zaken of the smallest size from memory); the sizes are measured in increasing order, each on a gateway process started after the seeding (seeding holds SQLite\'s write lock): a slow-down below 1 means none that the noise of this machine (±15 % or more) would show.', '');
    out.push(...table(['DB', 'zaken', 'seeded in s', 'Scenario', 'req/s', 'p50 ms', 'p99 ms', 'errors'], ['---', '--:', '--:', '---', '--:', '--:', '--:', '--:'],
      rows.map((w) => [w.db, fmt(w.zaken), fmt(w.seed_s, 1), w.scenario, fmt(w.requests_per_s), ms(w.p50_ms), ms(w.p99_ms), w.errors ? `**${fmt(w.errors)}**` : '0'])));
  }
  if (r.scale) {
    const { meta, rows, creeerZaak: c } = r.scale;
    out.push('', '### Scale-out (PostgreSQL)', '', `${metaLine(meta)} The same ${meta.connections} connections against one gateway process, then split over two ` +
      '(two autocannon runs at once, throughput summed, the worse p50/p99 of the two). On this 2-core machine two processes and the load generator ' +
      'share two cores with PostgreSQL: this shows that several processes on one database work correctly and how they contend, not a speed-up.', '');
    out.push(...table(['Scenario', 'processes', 'req/s', 'p50 ms', 'p99 ms', 'errors'], ['---', '--:', '--:', '--:', '--:', '--:'],
      rows.map((w) => [w.scenario, String(w.processes), fmt(w.requests_per_s), ms(w.p50_ms), ms(w.p99_ms), w.errors ? `**${fmt(w.errors)}**` : '0'])));
    out.push('', `creeerZaak on both processes: ${fmt(c.stored)} zaken stored for ${fmt(c.bv03)} Bv03 answers ` +
      `(at most ${c.in_flight_bound} more may be stored by requests in flight when a run stops) ${mark(c.ok)}`);
  }
  return `${out.join('\n')}\n`;
}
