// `stuf-gateway conformance --manifest PATH --url URL [--junit FILE] [--report FILE.md]`: replays a manifest
// (src/conformance/) against any ZDS server in scenario order. A progress bar on stderr when it is a terminal,
// a line per run otherwise; the tally per operation and dialect on stdout. Exit 0 when no case failed, else 1.
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { loadConfig } from '../config/index.ts';
import { EXCEPTIONS } from '../conformance/exceptions.ts';
import { CORPUS_DIR, loadManifest } from '../conformance/manifest.ts';
import { replayManifest, type CaseResult } from '../conformance/replay.ts';
import { junit, markdown, summary } from '../conformance/report.ts';
import { Validators } from '../xsd/validators.ts';
import { action, EXIT, UsageError } from './program.ts';

interface Options { manifest: string; url: string; junit?: string; report?: string; timeout: string; isolate?: boolean }

/** Progress on stderr: a redrawn bar on a terminal; in a log (CI) one line per finished run. */
function progress(): { onResult(r: CaseResult, done: number, total: number): void; end(): void } {
  const tty = process.stderr.isTTY;
  let failed = 0;
  let run: { name: string; n: number; failed: number } | undefined;
  const flushRun = () => run && process.stderr.write(`conformance: ${run.name}: ${run.n} case(s), ${run.failed} failed\n`);
  return {
    onResult(r, done, total) {
      if (r.outcome === 'failed') failed++;
      if (tty) {
        const width = 30;
        const full = Math.round((done / total) * width);
        const label = r.run.length > 50 ? `${r.run.slice(0, 47)}...` : r.run;
        process.stderr.write(`\r\x1b[K[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${done}/${total} ${failed ? `${failed} failed ` : ''}${label}`);
      } else {
        if (run?.name !== r.run) {
          flushRun();
          run = { name: r.run, n: 0, failed: 0 };
        }
        run.n++;
        if (r.outcome === 'failed') run.failed++;
      }
    },
    end() {
      if (tty) process.stderr.write('\r\x1b[K');
      else flushRun();
    },
  };
}

function writeFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, text);
}

export function conformanceCommand(): Command {
  return new Command('conformance')
    .description('replay a conformance manifest against a ZDS server, in scenario order, and check every answer')
    .option('-m, --manifest <path>', 'manifest.json (format zds-conformance-manifest/1)', path.join(CORPUS_DIR, 'manifest.json'))
    .requiredOption('-u, --url <url>', 'base URL of the server (http://host:port); endpoint paths come from the manifest')
    .option('--junit <file>', 'write JUnit XML')
    .option('--report <file.md>', 'write a markdown report')
    .option('--isolate', 'give each run its own zaak/document/besluit identificaties and referentienummers (runs share the server)')
    .option('--timeout <ms>', 'per-request timeout', '60000')
    .addHelpText('after', `
Examples:
  stuf-gateway conformance --url http://localhost:8080 --isolate               # the public corpus (../shared/conformance)
  stuf-gateway conformance --manifest fixtures/koppeling/manifest.json --url http://zaken.test.gemeente.nl \\
      --junit reports/koppeling.xml --report reports/koppeling.md

All runs share the server's state. The public corpus reuses zaak identificaties and referentienummers across
scenarios: replay it with --isolate (or on an empty database per run). Exit codes: 0 no case failed, 1 a case failed, 2 usage error`)
    .action(action('conformance', async (o: Options) => {
      if (!fs.existsSync(o.manifest)) throw new UsageError(`no such manifest: ${o.manifest}`);
      if (!/^https?:\/\//.test(o.url)) throw new UsageError(`not an http(s) URL: ${o.url}`);
      const timeoutMs = Number(o.timeout);
      if (!(timeoutMs > 0)) throw new UsageError(`--timeout must be a positive number of milliseconds`);
      const manifest = loadManifest(o.manifest);
      const validators = Validators.load(loadConfig().schemaDir);
      const started = new Date();
      const bar = progress();
      const results = await replayManifest(manifest, o.url, { validators, exceptions: EXCEPTIONS, timeoutMs, isolate: o.isolate, onResult: bar.onResult });
      bar.end();
      console.log(summary(results, EXCEPTIONS));
      if (o.junit) writeFile(o.junit, junit(results, path.basename(path.dirname(path.resolve(o.manifest)))));
      if (o.report) writeFile(o.report, markdown(results, { manifest: o.manifest, url: o.url, started, ms: Date.now() - started.getTime() }, EXCEPTIONS));
      return results.some((r) => r.outcome === 'failed') ? EXIT.failed : EXIT.ok;
    }));
}
