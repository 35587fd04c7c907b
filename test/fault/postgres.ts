// A private PostgreSQL instance for the fault test that restarts its database: initdb into a temp folder (as the
// postgres user when the tests run as root, as CI does), a free port, its socket in that folder. The machine's
// PostgreSQL, which other tests share, is never touched. Stopped and removed by `weg()`, and on any exit of the
// test process.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../bench/procs.ts';

const run = promisify(execFile);

/** The binaries of the newest installed PostgreSQL (Debian layout), or PG_BIN. */
function pgBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin/initdb'))).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions.length) throw new Error(`no PostgreSQL server binaries under ${root} (set PG_BIN)`);
  return path.join(root, versions[0], 'bin');
}

export interface EigenPostgres {
  url: string;
  /** pg_ctl stop -m fast, `downMs` without a server, pg_ctl start; resolves when it accepts connections again */
  herstart(downMs: number, onDown?: () => void): Promise<void>;
  weg(): Promise<void>;
}

export async function eigenPostgres(): Promise<EigenPostgres> {
  const bin = pgBin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fault-pg-'));
  const data = path.join(dir, 'data');
  const port = await freePort();
  const root = process.getuid?.() === 0;
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    fs.chownSync(dir, uid, gid);
  }
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  // initdb and the server refuse to run as root
  const sh = (cmd: string) => (root ? run('su', ['postgres', '-c', cmd], { timeout: 120_000 }) : run('sh', ['-c', cmd], { timeout: 120_000 }));
  const pgCtl = (args: string) => `${q(path.join(bin, 'pg_ctl'))} -D ${q(data)} ${args}`;
  // fsync off: a test instance, and the shared disk is spared
  const start = () => sh(pgCtl(`-o ${q(`-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`)} -l ${q(path.join(dir, 'postgres.log'))} -w -t 60 start`));
  const stop = (mode: string) => sh(pgCtl(`-m ${mode} -w -t 60 stop`));
  let draait = false;
  const opruimen = () => {
    // synchronous: also runs in 'exit'
    if (draait) {
      try {
        execFileSync(root ? 'su' : 'sh', root ? ['postgres', '-c', pgCtl('-m immediate -w stop')] : ['-c', pgCtl('-m immediate -w stop')], { stdio: 'ignore', timeout: 30_000 });
      } catch {
        // already down
      }
      draait = false;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', opruimen);
  try {
    await sh(`${q(path.join(bin, 'initdb'))} -D ${q(data)} -A trust -U postgres >/dev/null`);
    await start();
    draait = true;
  } catch (e) {
    opruimen();
    throw e;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async herstart(downMs, onDown) {
      await stop('fast');
      draait = false;
      onDown?.();
      await new Promise((r) => setTimeout(r, downMs));
      await start();
      draait = true;
    },
    async weg() {
      process.off('exit', opruimen);
      opruimen();
    },
  };
}
