// Child processes of the benchmark: every server (gateway and baselines) runs in its own process, started
// with `node --import tsx`, ready when GET /ready (gateway: database answers, schemas compiled, migrations done)
// or GET /health (baselines) answers 200. Every child is registered so that it is
// killed at the end, on an error, on Ctrl-C and on any exit of the bench process.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { root } from './options.ts';

export interface Child {
  name: string;
  url: string;
  proc: ChildProcess;
  logFile: string;
  /** spawn -> first 200 on the ready path, in ms */
  startupMs: number;
  readyPath: string;
}

const children = new Set<ChildProcess>();

/** A free loopback port (asked from the OS, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tail(file: string, lines = 20): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * Spawns `node [nodeArgs] --import tsx script` with env, output to logFile, and waits until readyPath (/health)
 * answers 200.
 * Throws (after killing the child) when it exits first or is not ready within timeoutMs.
 */
export async function startChild(opts: {
  name: string; cwd: string; script: string; args?: string[]; env: NodeJS.ProcessEnv; logFile: string; nodeArgs?: string[]; timeoutMs?: number; readyPath?: string;
}): Promise<Child> {
  const readyPath = opts.readyPath ?? '/health';
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const out = fs.openSync(opts.logFile, 'a');
  const t0 = performance.now();
  const proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', opts.script, ...(opts.args ?? [])], {
    cwd: opts.cwd, env: { ...opts.env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  children.add(proc);
  let exited: string | undefined;
  proc.once('exit', (code, signal) => {
    exited = `exit ${code ?? signal}`;
    children.delete(proc);
  });
  const deadline = t0 + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (exited) throw new Error(`${opts.name} stopped before it was ready (${exited}); log ${opts.logFile}:\n${tail(opts.logFile)}`);
    try {
      const r = await fetch(url + readyPath, { signal: AbortSignal.timeout(1000) });
      await r.arrayBuffer();
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) {
      await stopChild(proc);
      throw new Error(`${opts.name} not ready within ${opts.timeoutMs ?? 60_000} ms; log ${opts.logFile}:\n${tail(opts.logFile)}`);
    }
    await sleep(10);
  }
  return { name: opts.name, url, proc, logFile: opts.logFile, startupMs: performance.now() - t0, readyPath };
}

/** SIGTERM, then SIGKILL after graceMs; resolves when the child is gone. */
export async function stopChild(proc: ChildProcess, graceMs = 5000): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) {
    children.delete(proc);
    return;
  }
  const gone = new Promise<void>((r) => proc.once('exit', () => r()));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
  children.delete(proc);
}

export async function stopAll(): Promise<void> {
  await Promise.all([...children].map((p) => stopChild(p)));
}

/** Last resort: on any exit of this process, SIGKILL what is left (synchronous, so it runs in 'exit'). */
function killRemaining(): void {
  for (const p of children) {
    try {
      p.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  children.clear();
}

let installed = false;
/** Also on Ctrl-C: `onSignal` runs after the servers are stopped (e.g. to drop the databases, remove the temp folder). */
export function installCleanup(onSignal: () => void | Promise<void> = () => undefined): void {
  if (installed) return;
  installed = true;
  process.on('exit', killRemaining);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      console.error(`\n${sig}: stopping the servers`);
      stopAll().then(onSignal).finally(() => process.exit(130));
    });
  }
}

export const logPath = (dir: string, name: string) => path.join(dir, `${name.replace(/[^a-z0-9.-]+/gi, '-')}.log`);

/** The servers of the bench: gateways (src/main.ts) and baselines (bench/baseline.ts). */
export type ServerKind = 'bare' | 'parse+validate' | 'node-soap' | 'gateway';

/**
 * A gateway on database `url`, ready when /ready says 200 (database answers, migrations done, schemas compiled);
 * with `profileDir` under --cpu-prof.
 */
export function startGateway(o: { name: string; url: string; tmp: string; catalogueFile: string; env: NodeJS.ProcessEnv; profileDir?: string }): Promise<Child> {
  return startChild({
    name: o.name, cwd: root, script: 'src/main.ts', logFile: logPath(o.tmp, o.name), readyPath: '/ready',
    env: { ...o.env, DATABASE_URL: o.url, STUF_CATALOGUE_FILE: o.catalogueFile },
    // no --cpu-prof-name: the tsx loader thread writes a profile too; node's default names keep both
    nodeArgs: o.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`] : [],
  });
}

/** A baseline server answering with the canned answers in `answersFile` (see bench/baseline.ts). */
export function startBaseline(kind: Exclude<ServerKind, 'gateway'>, o: { tmp: string; answersFile: string; env: NodeJS.ProcessEnv }): Promise<Child> {
  const name = `baseline-${kind.replace('+', '-')}`;
  return startChild({
    name, cwd: root, script: 'bench/baseline.ts', args: [{ bare: 'bare', 'parse+validate': 'validate', 'node-soap': 'soap' }[kind]],
    logFile: logPath(o.tmp, name), env: { ...o.env, BENCH_ANSWERS: o.answersFile },
  });
}
