// The benchmark's settings, all from the environment (`npm run bench` takes no arguments; `stuf-gateway bench`
// maps its options onto these). See README "Benchmark".
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(benchDir, '..');

function num(name: string, def: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name}=${v} is not a number`);
  return n;
}
const flag = (name: string) => !!process.env[name] && process.env[name] !== '0';

const pg = process.env.DATABASE_URL && /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL) ? process.env.DATABASE_URL : undefined;

export const options = {
  /** seconds of measured load per run, and the warm-up before it (unrecorded) */
  seconds: num('BENCH_SECONDS', 10),
  warmup: num('BENCH_WARMUP', 1),
  /** the warm-up of a server's first run (a fresh process: V8 has compiled little of it yet) */
  firstWarmup: num('BENCH_FIRST_WARMUP', 3),
  connections: num('BENCH_CONNECTIONS', 16),
  /** the count bound of a load run next to its time bound */
  maxRequests: num('BENCH_MAX_REQUESTS', 200_000),
  /** zaken seeded for the random geefZaakdetails, and for each of the updateZaak and actualiseerZaakstatus pools */
  randomZaken: num('BENCH_RANDOM_ZAKEN', 10_000),
  poolZaken: num('BENCH_POOL_ZAKEN', 20_000),
  /** sequential requests of the document scenarios: 1 MB, 50 MB */
  docCount1: num('BENCH_DOC_COUNT_1MB', 20),
  docCount50: num('BENCH_DOC_COUNT_50MB', 3),
  logLevel: process.env.BENCH_LOG_LEVEL || 'info',
  corpus: path.resolve(root, process.env.BENCH_CORPUS || '../shared/conformance'),
  /** DATABASE_URL=postgres://...: every part runs on PostgreSQL too (in a schema of its own, dropped afterwards) */
  pgUrl: pg,
  only: process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim()).filter(Boolean)) : undefined,
  /** extra parts: the growth run (1,000 / 100,000 / 1,000,000 zaken) and the scale-out run (2 processes, PostgreSQL) */
  growth: flag('BENCH_GROWTH'),
  growthSizes: (process.env.BENCH_GROWTH_SIZES || '1000,100000,1000000').split(',').map(Number),
  scale: flag('BENCH_SCALE'),
  /** bare and node-soap baselines on every scenario, not only on geefZaakdetails and creeerZaak */
  allBaselines: process.env.BENCH_BASELINES === 'all',
  profile: flag('BENCH_PROFILE'),
  keep: flag('BENCH_KEEP'),
  /** rewrite the table between the markers in README.md's Benchmark section */
  readme: flag('BENCH_README'),
  tty: !!process.stdout.isTTY,
  cpus: os.cpus().length,
};

/**
 * Which parts run: BENCH_ONLY names scenarios and parts (documenten, startup, growth, scale); without it the
 * default run (every scenario, documents, start-up) plus the parts switched on with BENCH_GROWTH / BENCH_SCALE.
 */
export function selected(name: string, group?: string): boolean {
  if (options.only) return options.only.has(name) || (group !== undefined && options.only.has(group));
  if (name === 'growth') return options.growth;
  if (name === 'scale') return options.scale;
  return true;
}

/** The child env without the bench's own DATABASE_URL and BENCH_* settings. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('BENCH_') && k !== 'DATABASE_URL' && k !== 'STUF_CONFIG') env[k] = v;
  return { ...env, NODE_ENV: 'production', LOG_LEVEL: options.logLevel, ...extra };
}

export const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
/** autocannon records latency in whole milliseconds */
export const ms = (n: number) => (n < 1 ? '<1' : fmt(n));
export const redact = (u: string) => u.replace(/\/\/[^@/]*@/, '//***@');
