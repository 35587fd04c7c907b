// `npm run bench`: throughput and latency of the gateway over HTTP against two baselines, every server in
// its own child process, loaded with autocannon from this process over loopback.
//
//   bare             node:http answering the canned answer bytes
//   parse+validate   libxml2-wasm parse (the gateway's parseEnvelope) + XSD validation of the Body child,
//                    then the same canned bytes
//   gateway          `node --import tsx src/main.ts` on a fresh SQLite file, and on PostgreSQL when
//                    DATABASE_URL=postgres://... is set
//
// Scenarios: geefZaakdetails (ZDS 1.2, a zaak with six relations seeded by a creeerZaak first) and
// creeerZaak (the 11 KB Suites4SociaalDomein zakLk01 of the conformance corpus, a fresh identificatie and
// referentienummer per request). Writes bench/results.json and bench/results.md.
//
// Env: BENCH_SECONDS (10), BENCH_CONNECTIONS (16), BENCH_WARMUP (1, seconds of unrecorded load before
// each run), BENCH_LOG_LEVEL (gateway LOG_LEVEL, default info), BENCH_CORPUS (conformance corpus folder,
// default ../shared/conformance), BENCH_ONLY (comma list of scenario names), BENCH_PROFILE=1 (gateway with
// --cpu-prof into bench/profiles), BENCH_KEEP=1 (keep the temp folder with logs and the SQLite file).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { load, send, type LoadResult, type Scenario } from './load.ts';
import { A11, A12, catalogueEntryOf, compile, geefZaakdetails12, seedCreeerZaak12, suitesCreeerZaak } from './messages.ts';
import { installCleanup, logPath, startChild, stopAll, type Child } from './procs.ts';
import { documentBench, documentMarkdown, type DocumentRow } from './documenten.ts';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, '..');

function num(name: string, def: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name}=${v} is not a number`);
  return n;
}

const SECONDS = num('BENCH_SECONDS', 10);
const CONNECTIONS = num('BENCH_CONNECTIONS', 16);
const WARMUP = num('BENCH_WARMUP', 1);
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL || 'info';
const CORPUS = path.resolve(root, process.env.BENCH_CORPUS || '../shared/conformance');
const PG_URL = process.env.DATABASE_URL && /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL) ? process.env.DATABASE_URL : undefined;
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim())) : undefined;
const PROFILE = !!process.env.BENCH_PROFILE && process.env.BENCH_PROFILE !== '0';
const KEEP = !!process.env.BENCH_KEEP && process.env.BENCH_KEEP !== '0';

type Kind = 'bare' | 'parse+validate' | 'gateway';
interface Target { kind: Kind; db: string; child: Child }

interface Row {
  scenario: string;
  server: Kind;
  db: string;
  requests_per_s: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  requests: number;
  status_codes: Record<string, number>;
  ratio_to_parse_validate: number | null;
  target_ratio: number | null;
  meets_target: boolean | null;
  note?: string;
}

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
/** autocannon records latency in whole milliseconds */
const ms = (n: number) => (n < 1 ? '<1' : fmt(n));
const redact = (u: string) => u.replace(/\/\/[^@/]*@/, '//***@');

/** The child env without the bench's own DATABASE_URL and BENCH_* settings. */
function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('BENCH_') && k !== 'DATABASE_URL' && k !== 'STUF_CONFIG') env[k] = v;
  return { ...env, NODE_ENV: 'production', ...extra };
}

async function main(): Promise<void> {
  const began = performance.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stuf-bench-'));
  tmpDir = tmp;
  installCleanup(() => {
    if (!KEEP) fs.rmSync(tmp, { recursive: true, force: true });
  });
  const runId = Date.now().toString(36).toUpperCase();
  console.log(`stuf-zkn gateway benchmark: ${SECONDS} s per run (+${WARMUP} s warm-up), ${CONNECTIONS} connections, ` +
    `${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), node ${process.version}`);
  const load0 = os.loadavg()[0];
  if (load0 > os.cpus().length * 0.5) console.log(`  NOTE load average ${load0.toFixed(2)} on ${os.cpus().length} CPUs before the start: other processes compete, numbers will be low and noisy`);
  console.log(`databases: sqlite${PG_URL ? `, postgres (${redact(PG_URL)})` : ' (set DATABASE_URL=postgres://... to add PostgreSQL)'}; temp ${tmp}`);

  // Templates and the catalogue: the shipped sociaal-domein catalogue plus the Suites4SociaalDomein zaaktype.
  const suites = suitesCreeerZaak(CORPUS);
  const catalogue = JSON.parse(fs.readFileSync(path.join(root, 'fixtures/catalogue/sociaal-domein.json'), 'utf8')) as { zaaktypen: unknown[] };
  catalogue.zaaktypen.push(catalogueEntryOf(suites.text));
  const catalogueFile = path.join(tmp, 'catalogue.json');
  fs.writeFileSync(catalogueFile, JSON.stringify(catalogue, null, 2));

  const zaakId = `0999B${runId}`;
  const suitesBody = compile(suites);
  const all: Scenario[] = [
    {
      name: 'geefZaakdetails', path: '/zds/1.2/BeantwoordVraag', soapAction: `${A12}geefZaakdetails_ZakLv01`,
      body: geefZaakdetails12(zaakId, `bench-${runId}-q`), expect: /geefZaakdetails_ZakLa01/, target: 0.7,
    },
    {
      name: 'creeerZaak', path: '/zds/1.1/OntvangAsynchroon', soapAction: `${A11}creeerZaak_Lk01`,
      body: (n) => suitesBody(`1900B${runId}${n}`, `bench-${runId}-${n}`), expect: /Bv03Bericht/, target: 0.5,
    },
  ];
  const scenarios = all.filter((s) => !ONLY || ONLY.has(s.name));
  if (!scenarios.length && !ONLY?.has('documenten')) throw new Error(`BENCH_ONLY=${process.env.BENCH_ONLY} names no scenario (geefZaakdetails, creeerZaak, documenten)`);
  const seed: Scenario = {
    name: 'seed', path: '/zds/1.2/OntvangAsynchroon', soapAction: `${A12}creeerZaak_ZakLk01`,
    body: seedCreeerZaak12(zaakId, `bench-${runId}-seed`), expect: /Bv03Bericht/, target: 0,
  };

  // Gateways: start (timed), seed the zaak of the query scenario, preflight every scenario.
  const gateways: Target[] = [];
  const dbs: [string, string][] = [['sqlite', `sqlite:${path.join(tmp, 'gateway.db')}`]];
  if (PG_URL) dbs.push(['postgres', PG_URL]);
  const profileDir = path.join(benchDir, 'profiles');
  if (PROFILE) fs.mkdirSync(profileDir, { recursive: true });
  for (const [db, url] of dbs) {
    const name = `gateway-${db}`;
    const child = await startChild({
      name, cwd: root, script: 'src/main.ts', logFile: logPath(tmp, name),
      env: baseEnv({ DATABASE_URL: url, LOG_LEVEL: LOG_LEVEL, STUF_CATALOGUE_FILE: catalogueFile }),
      // no --cpu-prof-name: the tsx loader thread writes a profile too; node's default names keep both
      nodeArgs: PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, `${name}-${runId}`)}`] : [],
    });
    console.log(`  started ${name} in ${fmt(child.startupMs)} ms (spawn -> /health 200)`);
    const s = await send(child.url, seed);
    if (s.status !== 200 || !seed.expect.test(s.text)) throw new Error(`seeding the geefZaakdetails zaak on ${name} failed: HTTP ${s.status}\n${s.text.slice(0, 2000)}`);
    gateways.push({ kind: 'gateway', db, child });
  }

  const canned: Record<string, { contentType: string; body: string }> = {};
  const notes = new Map<string, string>();
  for (const g of gateways) {
    for (const sc of scenarios) {
      const a = await send(g.child.url, sc);
      if (g.db === 'sqlite') canned[sc.path] = { contentType: a.contentType, body: a.text };
      if (a.status !== 200 || !sc.expect.test(a.text)) {
        const why = a.text.match(/<(?:\w+:)?code>(StUF\d+)</)?.[1];
        const detail = a.text.match(/<(?:\w+:)?details>([^<]*)</)?.[1] ?? a.text.match(/<faultstring>([^<]*)</)?.[1] ?? a.text.slice(0, 200);
        const note = `answers HTTP ${a.status}${why ? ` ${why}` : ''}: ${detail}`;
        notes.set(`${sc.name}/${g.db}`, note);
        console.log(`  WARNING ${sc.name} on gateway ${g.db} ${note} -- such answers count as errors, not throughput`);
      }
    }
  }

  // Baselines with the sqlite gateway's answer bytes.
  const answersFile = path.join(tmp, 'answers.json');
  fs.writeFileSync(answersFile, JSON.stringify(canned));
  const baselines: Target[] = [];
  for (const kind of ['bare', 'parse+validate'] as const) {
    const name = kind === 'bare' ? 'baseline-bare' : 'baseline-parse-validate';
    const child = await startChild({
      name, cwd: root, script: 'bench/baseline.ts', args: [kind === 'bare' ? 'bare' : 'validate'], logFile: logPath(tmp, name),
      env: baseEnv({ BENCH_ANSWERS: answersFile, LOG_LEVEL: LOG_LEVEL }),
    });
    console.log(`  started ${name} in ${fmt(child.startupMs)} ms`);
    for (const sc of scenarios) {
      const a = await send(child.url, sc);
      if (a.status !== 200) throw new Error(`${name} rejects the ${sc.name} request (HTTP ${a.status}): ${a.text.slice(0, 500)}`);
    }
    baselines.push({ kind, db: '-', child });
  }

  // The runs: per scenario the baselines first, then the gateways.
  const targets = [...baselines, ...gateways];
  const total = scenarios.length * targets.length;
  const rows: Row[] = [];
  let i = 0;
  for (const sc of scenarios) {
    const measured = new Map<Target, LoadResult>();
    for (const t of targets) {
      i++;
      const label = `${sc.name.padEnd(15)} ${t.kind.padEnd(14)} ${t.db.padEnd(8)}`;
      if (process.stdout.isTTY) process.stdout.write(`[${i}/${total}] ${label} ...`);
      if (WARMUP > 0) await load(t.child.url, sc, WARMUP, CONNECTIONS);
      const r = await load(t.child.url, sc, SECONDS, CONNECTIONS);
      measured.set(t, r);
      const bad = r.non2xx + r.errors + r.timeouts;
      process.stdout.write(`${process.stdout.isTTY ? '\r' : ''}[${i}/${total}] ${label} ${fmt(r.rps).padStart(7)} req/s  p50 ${ms(r.p50).padStart(3)} ms  p99 ${ms(r.p99).padStart(4)} ms` +
        `  errors ${bad}${bad ? ` of ${r.requests + r.errors} (${Object.entries(r.statusCodes).map(([c, n]) => `${n}x${c}`).join(' ')})` : ''}\n`);
    }
    const pv = [...measured].find(([t]) => t.kind === 'parse+validate')?.[1];
    for (const [t, r] of measured) {
      const ratio = pv && pv.rps > 0 ? r.rps / pv.rps : null;
      const target = t.kind === 'gateway' ? sc.target : null;
      rows.push({
        scenario: sc.name, server: t.kind, db: t.db, requests_per_s: Math.round(r.rps), p50_ms: r.p50, p99_ms: r.p99,
        errors: r.non2xx + r.errors + r.timeouts, requests: r.requests, status_codes: r.statusCodes,
        ratio_to_parse_validate: ratio === null ? null : Math.round(ratio * 1000) / 1000,
        target_ratio: target, meets_target: target === null || ratio === null ? null : ratio >= target && r.non2xx + r.errors + r.timeouts === 0,
        ...(notes.has(`${sc.name}/${t.db}`) && t.kind === 'gateway' ? { note: notes.get(`${sc.name}/${t.db}`) } : {}),
      });
    }
  }

  // Documents: one large message at a time (time and the gateway's peak RSS increase), and a list of 500.
  let documenten: DocumentRow[] = [];
  if (!ONLY || ONLY.has('documenten')) {
    console.log('documents: 1 MB and 50 MB stored and read back, a zaak with 500 documents listed ...');
    documenten = await documentBench(gateways.map((g) => ({ db: g.db, child: g.child })), runId, async (child, zaak) => {
      const s = await send(child.url, { ...seed, body: seedCreeerZaak12(zaak, `bench-${zaak}`) });
      if (s.status !== 200) throw new Error(`seeding zaak ${zaak} failed: HTTP ${s.status}\n${s.text.slice(0, 1000)}`);
    });
    for (const r of documenten) console.log(`  ${r.scenario.padEnd(52)} ${r.db.padEnd(8)} ${String(r.ms).padStart(7)} ms${r.rss_increase_mb === null ? '' : `  peak RSS +${r.rss_increase_mb} MB`}`);
  }

  const startup = targets.map((t) => ({ process: t.child.name, db: t.db, ms: Math.round(t.child.startupMs) }));
  await stopAll();
  if (!KEEP) fs.rmSync(tmp, { recursive: true, force: true });
  else console.log(`  kept ${tmp}`);
  if (PROFILE) console.log(`  CPU profiles in ${path.relative(root, profileDir)}/gateway-*-${runId}/ (the largest file is the main thread): tsx bench/profile-summary.ts FILE`);

  const meta = {
    date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model.trim(), platform: `${os.platform()} ${os.release()}`,
    load_average_before: Math.round(load0 * 100) / 100, load_average_after: Math.round(os.loadavg()[0] * 100) / 100,
    seconds: SECONDS, warmup_seconds: WARMUP, connections: CONNECTIONS, gateway_log_level: LOG_LEVEL,
    databases: dbs.map(([d]) => d), creeerZaak_template: path.relative(CORPUS, suites.file), creeerZaak_template_bytes: Buffer.byteLength(suites.text),
  };
  fs.writeFileSync(path.join(benchDir, 'results.json'), `${JSON.stringify({ ...meta, results: rows, documenten, startup }, null, 2)}\n`);
  const md = `${markdown(meta, rows, startup)}${documenten.length ? `\n\n${documentMarkdown(documenten)}\n` : ''}`;
  fs.writeFileSync(path.join(benchDir, 'results.md'), md);
  console.log(`\n${md}`);
  console.log(`wrote bench/results.json and bench/results.md in ${fmt((performance.now() - began) / 1000, 1)} s`);
}

function markdown(meta: { date: string; node: string; cpus: number; cpu?: string; load_average_before: number; seconds: number; warmup_seconds: number; connections: number; gateway_log_level: string },
  rows: Row[], startup: { process: string; db: string; ms: number }[]): string {
  const lines = [
    `Measured ${meta.date.slice(0, 10)} on ${meta.cpus} CPUs (${meta.cpu}), node ${meta.node}: ${meta.seconds} s per run after ${meta.warmup_seconds} s warm-up, ` +
      `${meta.connections} connections, autocannon and the server in separate processes on loopback; gateway LOG_LEVEL=${meta.gateway_log_level}; ` +
      `load average ${meta.load_average_before} before the start. ` +
      'req/s counts HTTP 2xx answers only; errors are non-2xx answers (SOAP faults), socket errors and timeouts; latency has 1 ms resolution.',
    '',
    '| Scenario | Server | DB | req/s | p50 ms | p99 ms | errors | × parse+validate | target |',
    '|---|---|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of rows) {
    const ratio = r.ratio_to_parse_validate === null ? '–' : r.ratio_to_parse_validate.toFixed(2);
    const target = r.target_ratio === null ? '' : `≥ ${r.target_ratio.toFixed(2)}${r.db === 'sqlite' ? (r.meets_target ? ' ✅' : ' ❌') : ''}`;
    lines.push(`| ${r.scenario} | ${r.server} | ${r.db} | ${fmt(r.requests_per_s)} | ${ms(r.p50_ms)} | ${ms(r.p99_ms)} | ${r.errors ? `**${r.errors}**` : '0'} | ${ratio} | ${target} |`);
  }
  const noted = rows.filter((r) => r.note);
  if (noted.length) {
    lines.push('');
    for (const r of noted) lines.push(`- ${r.scenario} on the ${r.db} gateway ${r.note!.replace(/\|/g, '\\|')}: those answers are counted as errors, req/s counts HTTP 2xx only.`);
  }
  lines.push('', '| Process | DB | start-up to ready (spawn → /health 200) |', '|---|---|---:|');
  for (const s of startup) lines.push(`| ${s.process} | ${s.db} | ${fmt(s.ms)} ms |`);
  return `${lines.join('\n')}\n`;
}

let tmpDir: string | undefined;

main().then(() => process.exit(0), async (e) => {
  console.error(`\nbench failed: ${(e as Error).stack ?? e}`);
  await stopAll().catch(() => undefined);
  if (tmpDir) console.error(`server logs kept in ${tmpDir}`);
  process.exit(1);
});
