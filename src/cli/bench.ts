// `stuf-gateway bench` (npm run bench): runs bench/run.ts in its own process (it starts and loads child servers);
// the options are its environment variables.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Command } from 'commander';
import { projectRoot } from '../config/index.ts';
import { action } from './program.ts';

export function benchCommand(): Command {
  return new Command('bench')
    .description('throughput and latency against two baselines (bench/run.ts; results in bench/results.md)')
    .option('--seconds <n>', 'seconds per run (BENCH_SECONDS, default 10)')
    .option('--only <names>', 'comma list of scenarios (BENCH_ONLY)')
    .option('--connections <n>', 'keep-alive connections (BENCH_CONNECTIONS, default 16)')
    .addHelpText('after', '\nExample:\n  stuf-gateway bench --seconds 3\n  DATABASE_URL=postgres://user@host:5432/db stuf-gateway bench   # SQLite and PostgreSQL')
    .action(action('bench', (o: { seconds?: string; only?: string; connections?: string }) => new Promise<number>((resolve) => {
      const env = { ...process.env, ...(o.seconds ? { BENCH_SECONDS: o.seconds } : {}), ...(o.only ? { BENCH_ONLY: o.only } : {}), ...(o.connections ? { BENCH_CONNECTIONS: o.connections } : {}) };
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'bench/run.ts')], { cwd: projectRoot, env, stdio: 'inherit' });
      child.on('exit', (code) => resolve(code ?? 1));
    })));
}
