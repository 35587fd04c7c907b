// `npm run bench`: throughput and latency of the gateway over HTTP against three baselines, every server in its own
// child process, loaded with autocannon from this process over loopback; see README "Benchmark".
//
//   bare             node:http answering the canned answer bytes
//   parse+validate   the gateway's parseEnvelope + XSD validation of the Body child, then the canned bytes
//   node-soap        soap.listen on our WSDLs, a service returning the canned Body child
//   gateway          `node --import tsx src/main.ts` on a fresh SQLite file, and on a fresh PostgreSQL schema when
//                    DATABASE_URL=postgres://... is set
//
// Parts: the load scenarios (bench/scenarios.ts), the large documents (bench/documenten.ts), start-up to ready; with
// BENCH_GROWTH=1 the growth run (bench/growth.ts), with BENCH_SCALE=1 the scale-out run (bench/scale.ts). Writes
// bench/results.json and bench/results.md (bench/report.ts), with BENCH_README=1 also README.md's table.
// Env (bench/options.ts): BENCH_SECONDS (10), BENCH_WARMUP (1), BENCH_CONNECTIONS (16), BENCH_MAX_REQUESTS (200,000),
// BENCH_ONLY (comma list of scenario and part names), BENCH_GROWTH, BENCH_GROWTH_SIZES, BENCH_SCALE, BENCH_BASELINES=all,
// BENCH_RANDOM_ZAKEN, BENCH_POOL_ZAKEN, BENCH_DOC_COUNT_1MB, BENCH_DOC_COUNT_50MB, BENCH_LOG_LEVEL, BENCH_CORPUS,
// BENCH_PROFILE=1 (gateways under --cpu-prof into bench/profiles), BENCH_KEEP=1 (keep the temp folder), BENCH_README=1.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunContext } from './context.ts';
import { databases, dropAll, type BenchDb } from './databases.ts';
import { documentBench } from './documenten.ts';
import { growthRun } from './growth.ts';
import { bad, Counter, measure, send, unexpected, type Scenario } from './load.ts';
import { benchDir, childEnv, fmt, options, redact, root, selected } from './options.ts';
import { installCleanup, startBaseline, startGateway, stopAll, stopChild, type Child, type ServerKind } from './procs.ts';
import { readPrevious, writeResults, type Results, type RunMeta, type ScenarioRow, type Sections, type StartupRow } from './report.ts';
import { scaleRun } from './scale.ts';
import { counterFor, prepare, scenarios, writeCatalogue } from './scenarios.ts';

const DOCUMENT_SCENARIOS = ['voegZaakdocumentToe-1MB', 'voegZaakdocumentToe-50MB', 'geefZaakdocumentLezen-50MB'];

interface Server { kind: ServerKind; db: string; child: Child; bdb?: BenchDb }

let tmpDir: string | undefined;

async function main(): Promise<void> {
  const began = performance.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stuf-bench-'));
  tmpDir = tmp;
  installCleanup(async () => {
    await dropAll();
    if (!options.keep) fs.rmSync(tmp, { recursive: true, force: true });
  });
  const runId = Date.now().toString(36).toUpperCase();
  const load0 = os.loadavg()[0];
  console.log(`stuf-zkn gateway benchmark: ${options.seconds} s per run (+${options.warmup} s warm-up, at most ${fmt(options.maxRequests)} requests), ` +
    `${options.connections} connections, ${options.cpus} CPUs (${os.cpus()[0]?.model.trim()}), node ${process.version}`);
  if (load0 > options.cpus * 0.5) console.log(`  NOTE load average ${load0.toFixed(2)} on ${options.cpus} CPUs before the start: other processes compete, numbers will be low and noisy`);
  console.log(`databases: sqlite${options.pgUrl ? `, postgres (${redact(options.pgUrl)}, a schema of its own)` : ' (set DATABASE_URL=postgres://... to add PostgreSQL)'}; temp ${tmp}`);

  const { file: catalogueFile, suites } = writeCatalogue(tmp);
  const profileRoot = path.join(benchDir, 'profiles');
  const ctx: RunContext = {
    runId, tmp, catalogueFile, suites, env: childEnv({}),
    profileDir: (name) => (options.profile ? path.join(profileRoot, `${name}-${runId}`) : undefined),
  };
  const results: Results = readPrevious();
  Object.assign(results, await defaultRun(ctx));
  if (selected('growth')) {
    const m = partMeta();
    results.growth = { meta: m, rows: await growthRun(ctx) };
    done(m, 'growth');
  }
  if (selected('scale')) {
    const m = partMeta();
    const s = await scaleRun(ctx);
    if (s) results.scale = { meta: done(m, 'scale-out'), ...s };
  }

  await stopAll();
  await dropAll();
  if (!options.keep) fs.rmSync(tmp, { recursive: true, force: true });
  else console.log(`  kept ${tmp}`);
  if (options.profile) console.log(`  CPU profiles in ${path.relative(root, profileRoot)}/gateway-*-${runId}/ (the largest file is the main thread): npx tsx bench/profile-summary.ts FILE`);
  const md = writeResults(results, options.readme);
  console.log(`\n${md}`);
  console.log(`wrote bench/results.json and bench/results.md in ${fmt((performance.now() - began) / 1000, 1)} s`);
}

/** The settings and conditions at the start of a part (its date, the load average then). */
function partMeta(): RunMeta {
  return {
    date: new Date().toISOString(), node: process.version, cpus: options.cpus, cpu: os.cpus()[0]?.model.trim(), seconds: options.seconds,
    warmup_seconds: options.warmup, connections: options.connections, max_requests: options.maxRequests, gateway_log_level: options.logLevel,
    load_average_before: Math.round(os.loadavg()[0] * 100) / 100, databases: options.pgUrl ? ['SQLite', 'PostgreSQL'] : ['SQLite'],
  };
}

/** Records how long the part of `m` took (and says so). */
function done(m: RunMeta, what: string): RunMeta {
  m.duration_s = Math.round((Date.now() - Date.parse(m.date)) / 1000);
  console.log(`  ${what} took ${fmt(m.duration_s)} s`);
  return m;
}

/** The default run: the load scenarios against the baselines and the gateways, the large documents, start-up. */
async function defaultRun(ctx: RunContext): Promise<Partial<Sections>> {
  const all = scenarios(ctx.runId, ctx.suites).filter((s) => selected(s.name, 'scenarios'));
  const docs = DOCUMENT_SCENARIOS.filter((n) => selected(n, 'documenten'));
  const startup = selected('startup');
  if (!all.length && !docs.length && !startup) return {};
  const out: Partial<Sections> = {};
  const meta = partMeta();

  // Gateways: started (timed to /ready), seeded, preflighted; the SQLite gateway's answers become the baselines' canned answers.
  const gateways: Server[] = [];
  const firstStart = new Map<string, number>();
  for (const d of await databases(ctx.tmp, 'main')) {
    const name = `gateway-${d.name}`;
    const child = await startGateway({ name, url: d.url, tmp: ctx.tmp, catalogueFile: ctx.catalogueFile, env: ctx.env, profileDir: ctx.profileDir(name) });
    firstStart.set(d.name, child.startupMs);
    console.log(`  started ${name} in ${fmt(child.startupMs)} ms (spawn -> /ready 200)`);
    const t0 = performance.now();
    await prepare(child.url, d, ctx.runId, new Set(all.map((s) => s.name)));
    console.log(`  seeded ${name} in ${fmt((performance.now() - t0) / 1000, 1)} s`);
    gateways.push({ kind: 'gateway', db: d.name, child, bdb: d });
  }
  const counters = new Map<string, Counter>();
  const canned: Record<string, { path: string; contentType: string; body: string }> = {};
  const notes = new Map<string, string>();
  for (const g of gateways) {
    for (const sc of all) {
      const a = await send(g.child.url, sc, counterFor(counters, sc, g.db));
      if (g.db === 'sqlite' || !canned[sc.soapAction]) canned[sc.soapAction] = { path: sc.path, contentType: a.contentType, body: a.text };
      const problem = unexpected(sc, a);
      if (problem) {
        notes.set(`${sc.name}/gateway/${g.db}`, problem);
        console.log(`  WARNING ${sc.name} on gateway ${g.db} ${problem} -- such answers count as errors, not throughput`);
      }
    }
  }

  // Baselines with those answers; bare and node-soap only where they are compared (all with BENCH_BASELINES=all).
  const baselines: Server[] = [];
  if (all.length) {
    const answersFile = path.join(ctx.tmp, 'answers.json');
    fs.writeFileSync(answersFile, JSON.stringify(canned));
    for (const kind of ['bare', 'parse+validate', 'node-soap'] as const) {
      const child = await startBaseline(kind, { tmp: ctx.tmp, answersFile, env: ctx.env });
      console.log(`  started baseline ${kind} in ${fmt(child.startupMs)} ms`);
      baselines.push({ kind, db: '-', child });
      for (const sc of all.filter((s) => compared(s, kind))) {
        const problem = unexpected(sc, await send(child.url, sc));
        if (!problem) continue;
        if (kind !== 'node-soap') throw new Error(`baseline ${kind} does not answer ${sc.name} as expected (${problem}): a harness error`);
        notes.set(`${sc.name}/${kind}/-`, problem);
        console.log(`  WARNING ${sc.name} on baseline ${kind} ${problem}`);
      }
    }
  }

  // The load runs: per scenario the baselines first, then the gateways.
  const rows: ScenarioRow[] = [];
  const runs = all.flatMap((sc) => [...baselines.filter((b) => compared(sc, b.kind)), ...gateways].map((t) => [sc, t] as const));
  let i = 0;
  const warmed = new Set<Server>();
  for (const sc of all) {
    const measuredHere: [Server, Awaited<ReturnType<typeof measure>>][] = [];
    for (const [, t] of runs.filter(([s]) => s === sc)) {
      i++;
      const prefix = `[${i}/${runs.length}] ${sc.name.padEnd(24)} ${t.kind.padEnd(14)} ${t.db.padEnd(8)}`;
      const warmup = warmed.has(t) ? options.warmup : Math.max(options.warmup, options.firstWarmup);
      warmed.add(t);
      measuredHere.push([t, await measure([t.child.url], sc, { prefix, ...options, warmup, counter: counterFor(counters, sc, t.db), pid: t.child.proc.pid })]);
    }
    const pv = measuredHere.find(([t]) => t.kind === 'parse+validate')?.[1];
    for (const [t, r] of measuredHere) {
      const note = notes.get(`${sc.name}/${t.kind}/${t.db}`);
      rows.push({
        scenario: sc.name, label: sc.label, server: t.kind, db: t.db, requests_per_s: Math.round(r.rps), p50_ms: r.p50, p99_ms: r.p99,
        errors: bad(r), requests: r.requests, status_codes: r.statusCodes,
        ratio_to_parse_validate: pv && pv.rps > 0 ? Math.round((r.rps / pv.rps) * 1000) / 1000 : null,
        p99_ratio_to_parse_validate: pv && pv.p99 > 0 ? Math.round((r.p99 / pv.p99) * 100) / 100 : null,
        cpu_us_per_request: r.cpu?.us_per_request ?? null, main_thread_us_per_request: r.cpu?.main_thread_us_per_request ?? null, main_thread_busy: r.cpu?.main_thread_busy ?? null,
        ...(note ? { note: `the preflight ${note}; such answers count as errors` } : {}),
      });
    }
  }
  if (all.length) out.scenarios = { meta: done({ ...meta }, 'the load scenarios'), rows };
  for (const b of baselines) await stopChild(b.child.proc);

  if (docs.length) {
    console.log(`documents: ${docs.join(', ')}, one request at a time ...`);
    const m = partMeta();
    const rows = [];
    for (const g of gateways) {
      rows.push(...await documentBench(g.db, g.child, ctx.runId, { mb1: options.docCount1, mb50: options.docCount50 }, (n) => docs.includes(n), (r) =>
        console.log(`  ${r.scenario.padEnd(28)} ${r.db.padEnd(8)} ${String(r.requests).padStart(3)} requests  ${fmt(r.total_ms / 1000, 2).padStart(6)} s  ` +
          `p50 ${fmt(r.p50_ms).padStart(6)} ms  p99 ${fmt(r.p99_ms).padStart(6)} ms  peak RSS +${r.rss_increase_mb} MB${r.errors ? `  errors ${r.errors}` : ''}`)));
    }
    out.documents = { meta: done(m, 'the documents'), rows };
  }

  // Start-up: the first start above (empty database), and a restart on the database as the runs left it.
  const starts: StartupRow[] = [];
  for (const g of gateways) {
    await stopChild(g.child.proc);
    let restart: number | null = null;
    if (startup) {
      const name = `gateway-${g.db}-restart`;
      const child = await startGateway({ name, url: g.bdb!.url, tmp: ctx.tmp, catalogueFile: ctx.catalogueFile, env: ctx.env });
      restart = Math.round(child.startupMs);
      console.log(`  restarted gateway-${g.db} in ${fmt(restart)} ms (spawn -> /ready 200)`);
      await stopChild(child.proc);
    }
    starts.push({ db: g.db, first_start_ms: Math.round(firstStart.get(g.db)!), restart_ms: restart });
    await g.bdb!.drop();
  }
  if (startup) out.startup = { meta: { ...meta }, rows: starts };
  done(meta, 'the default run');
  return out;
}

/** Is `kind` measured on scenario `s`? parse+validate always (the ratios); bare and node-soap on the headline scenarios. */
function compared(s: Scenario, kind: ServerKind): boolean {
  return kind === 'parse+validate' || options.allBaselines || s.name === 'geefZaakdetails' || s.name === 'creeerZaak';
}

main().then(() => process.exit(0), async (e) => {
  console.error(`\nbench failed: ${(e as Error).stack ?? e}`);
  await stopAll().catch(() => undefined);
  await dropAll();
  if (tmpDir) console.error(`server logs kept in ${tmpDir}`);
  process.exit(1);
});
