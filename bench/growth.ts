// The growth run (BENCH_GROWTH=1): per database a fresh store and gateway, zaken seeded straight into the database up
// to each size (1,000, 100,000, 1,000,000 by default: BENCH_GROWTH_SIZES), and at each size geefZaakdetails of a
// random zaak and the zakLv01 BSN lookup of a random zaak's initiator, with the answer cache off. The slow-down factor is
// req/s at the smallest size over req/s at the largest.
import type { RunContext } from './context.ts';
import { databases } from './databases.ts';
import { bad, measure, send, unexpected } from './load.ts';
import { fmt, options } from './options.ts';
import { startGateway, stopChild } from './procs.ts';
import type { GrowthRow } from './report.ts';
import { bsnLookup, creeerTemplate, ids, randomGeefZaakdetails, seedTemplate } from './scenarios.ts';
import { seedZaken } from './seed.ts';

export async function growthRun(ctx: RunContext): Promise<GrowthRow[]> {
  const sizes = [...options.growthSizes].sort((a, b) => a - b);
  console.log(`\ngrowth: ${sizes.map((n) => fmt(n)).join(' / ')} zaken, geefZaakdetails (random zaak) and the zakLv01 BSN lookup at each size`);
  const rows: GrowthRow[] = [];
  const id = ids(`${ctx.runId}G`);
  for (const d of await databases(ctx.tmp, 'growth')) {
    const name = `gateway-${d.name}-growth`;
    // The answer cache off: the growth run measures the store. With it, the 1,000 zaken of the smallest size are all
    // answered from memory after their first vraag, and the slow-down would be the cache's hit rate, not the store's.
    const env = { ...ctx.env, STUF_ANSWER_CACHE_MB: '0' };
    const start = () => startGateway({ name, url: d.url, tmp: ctx.tmp, catalogueFile: ctx.catalogueFile, env, profileDir: ctx.profileDir(name) });
    let gw = await start();
    await creeerTemplate(gw.url, id.template);
    const template = await seedTemplate(d, id.template);
    let size = 0;
    for (const target of sizes) {
      let warmup = Math.max(options.warmup, options.firstWarmup); // a fresh gateway process at every size
      // Seeded with the gateway stopped: a bulk insert holds SQLite's write lock for up to a minute, and the gateway's
      // (synchronous) writer would wait for it with the event loop blocked; a gateway is not seeded under load anyway.
      await stopChild(gw.proc);
      const t0 = performance.now();
      await seedZaken(d.db(), template, { prefix: id.random, from: size + 1, to: target });
      size = target;
      const seedS = (performance.now() - t0) / 1000;
      console.log(`  ${d.name}: ${fmt(size)} zaken (seeded in ${fmt(seedS, 1)} s)`);
      gw = await start();
      for (const sc of [randomGeefZaakdetails(ctx.runId, id.random, () => size), bsnLookup(ctx.runId, () => size)]) {
        const problem = unexpected(sc, await send(gw.url, sc));
        if (problem) console.log(`  WARNING ${sc.name} on ${d.name} at ${fmt(size)} zaken ${problem}`);
        const r = await measure([gw.url], sc, { prefix: `    ${sc.name.padEnd(24)} ${d.name.padEnd(8)} ${fmt(size).padStart(9)}`, ...options, warmup });
        warmup = options.warmup;
        rows.push({ db: d.name, zaken: size, seed_s: Math.round(seedS * 10) / 10, scenario: sc.name, requests_per_s: Math.round(r.rps), p50_ms: r.p50, p99_ms: r.p99, errors: bad(r) });
      }
    }
    await stopChild(gw.proc);
    await d.drop();
  }
  return rows;
}
