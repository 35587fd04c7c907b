// `stuf-gateway bench` (npm run bench): runs bench/run.ts in its own process (it starts and loads child servers);
// the options are its environment variables (README "Benchmark").
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Command } from 'commander';
import { projectRoot } from '../config/index.ts';
import { action } from './program.ts';

export function benchCommand(): Command {
  return new Command('bench')
    .description('throughput and latency against three baselines (bench/run.ts; results in bench/results.md)')
    .option('--seconds <n>', 'seconds per run (BENCH_SECONDS, default 10)')
    .option('--only <names>', 'comma list of scenarios and parts (BENCH_ONLY)')
    .option('--connections <n>', 'keep-alive connections (BENCH_CONNECTIONS, default 16)')
    .option('--growth', 'add the growth run: 1,000 / 100,000 / 1,000,000 zaken (BENCH_GROWTH=1)')
    .option('--scale', 'add the scale-out run: 2 gateway processes on PostgreSQL (BENCH_SCALE=1)')
    .option('--readme', "rewrite the results in README.md's Benchmark section (BENCH_README=1)")
    .addHelpText('after', '\nExample:\n  stuf-gateway bench --seconds 3\n  DATABASE_URL=postgres://user@host:5432/db stuf-gateway bench --growth --scale   # SQLite and PostgreSQL')
    .action(action('bench', (o: { seconds?: string; only?: string; connections?: string; growth?: boolean; scale?: boolean; readme?: boolean }) => new Promise<number>((resolve) => {
      const env: NodeJS.ProcessEnv = { ...process.env };
      if (o.seconds) env.BENCH_SECONDS = o.seconds;
      if (o.only) env.BENCH_ONLY = o.only;
      if (o.connections) env.BENCH_CONNECTIONS = o.connections;
      if (o.growth) env.BENCH_GROWTH = '1';
      if (o.scale) env.BENCH_SCALE = '1';
      if (o.readme) env.BENCH_README = '1';
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'bench/run.ts')], { cwd: projectRoot, env, stdio: 'inherit' });
      child.on('exit', (code) => resolve(code ?? 1));
    })));
}
