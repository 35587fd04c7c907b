// Child processes of the benchmark: every server (gateway and baselines) runs in its own process, started
// with `node --import tsx`, ready when GET /health answers 200. Every child is registered so that it is
// killed at the end, on an error, on Ctrl-C and on any exit of the bench process.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface Child {
  name: string;
  url: string;
  proc: ChildProcess;
  logFile: string;
  /** spawn -> first GET /health 200, in ms */
  startupMs: number;
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
 * Spawns `node [nodeArgs] --import tsx script` with env, output to logFile, and waits until /health is 200.
 * Throws (after killing the child) when it exits first or is not ready within timeoutMs.
 */
export async function startChild(opts: {
  name: string; cwd: string; script: string; args?: string[]; env: NodeJS.ProcessEnv; logFile: string; nodeArgs?: string[]; timeoutMs?: number;
}): Promise<Child> {
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
      const r = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
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
  return { name: opts.name, url, proc, logFile: opts.logFile, startupMs: performance.now() - t0 };
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
/** Also on Ctrl-C: `onSignal` runs after the servers are stopped (e.g. to remove the temp folder). */
export function installCleanup(onSignal: () => void = () => undefined): void {
  if (installed) return;
  installed = true;
  process.on('exit', killRemaining);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      console.error(`\n${sig}: stopping the servers`);
      stopAll().finally(() => {
        onSignal();
        process.exit(130);
      });
    });
  }
}

export const logPath = (dir: string, name: string) => path.join(dir, `${name.replace(/[^a-z0-9.-]+/gi, '-')}.log`);
