// The scale-out run (BENCH_SCALE=1, PostgreSQL only): two gateway processes on one fresh schema. geefZaakdetails
// (random zaak) and creeerZaak with all connections on one process, then split over both; afterwards the zaken that
// creeerZaak stored are counted against the Bv03 answers (nothing lost, nothing twice).
import type { RunContext } from './context.ts';
import { databases } from './databases.ts';
import { bad, measure, send, unexpected } from './load.ts';
import { options } from './options.ts';
import { startGateway, stopChild } from './procs.ts';
import type { ScaleCheck, ScaleRow } from './report.ts';
import { creeerTemplate, ids, randomGeefZaakdetails, scenarios, seedTemplate } from './scenarios.ts';
import { seedZaken } from './seed.ts';

export async function scaleRun(ctx: RunContext): Promise<{ rows: ScaleRow[]; creeerZaak: ScaleCheck } | undefined> {
  if (!options.pgUrl) {
    console.log('\nscale-out: needs DATABASE_URL=postgres://...; skipped');
    return undefined;
  }
  console.log('\nscale-out: two gateway processes on one PostgreSQL schema');
  const [d] = await databases(ctx.tmp, 'scale', { postgres: true });
  const runId = `${ctx.runId}X`;
  const id = ids(runId);
  const start = (name: string) => startGateway({ name, url: d.url, tmp: ctx.tmp, catalogueFile: ctx.catalogueFile, env: ctx.env, profileDir: ctx.profileDir(name) });
  const a = await start('gateway-postgres-a');
  const b = await start('gateway-postgres-b');
  await creeerTemplate(a.url, id.template);
  await seedZaken(d.db(), await seedTemplate(d, id.template), { prefix: id.random, from: 1, to: options.randomZaken });
  const creeer = scenarios(runId, ctx.suites).find((s) => s.name === 'creeerZaak')!;
  const rows: ScaleRow[] = [];
  let bv03 = 0;
  let runs = 0;
  for (const sc of [randomGeefZaakdetails(runId, id.random, () => options.randomZaken), creeer]) {
    for (const gw of [a, b]) {
      const answer = await send(gw.url, sc);
      const problem = unexpected(sc, answer);
      if (problem) console.log(`  WARNING ${sc.name} on ${gw.name} ${problem}`);
      else if (sc === creeer) bv03++;
    }
    for (const urls of [[a.url], [a.url, b.url]]) {
      // the first scenario's runs are the first of process a, then of process b: the longer warm-up
      const warmup = sc === creeer ? options.warmup : Math.max(options.warmup, options.firstWarmup);
      const r = await measure(urls, sc, { prefix: `  ${sc.name.padEnd(24)} ${urls.length} process${urls.length > 1 ? 'es' : '  '}`, ...options, warmup });
      rows.push({ scenario: sc.name, processes: urls.length, requests_per_s: Math.round(r.rps), p50_ms: r.p50, p99_ms: r.p99, errors: bad(r) });
      if (sc === creeer) {
        bv03 += r.ok + r.warmupOk;
        runs += options.warmup > 0 ? 2 : 1;
      }
    }
  }
  const stored = Number((await d.db()('zaak').where('identificatie', 'like', `1900B${runId}%`).count({ n: '*' }).first())?.n ?? 0);
  const inFlight = runs * options.connections;
  await stopChild(a.proc);
  await stopChild(b.proc);
  await d.drop();
  return { rows, creeerZaak: { bv03, stored, in_flight_bound: inFlight, ok: stored >= bv03 && stored <= bv03 + inFlight } };
}
