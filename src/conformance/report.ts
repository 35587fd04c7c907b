// What a replay found, three ways: the tally per operation and dialect (terminal), JUnit XML (CI), markdown (people).
import type { Exception } from './exceptions.ts';
import type { CaseResult, Outcome } from './replay.ts';

const OUTCOMES: Outcome[] = ['passed', 'failed', 'excepted', 'not covered'];
type Counts = Record<Outcome, number>;
const zero = (): Counts => ({ passed: 0, failed: 0, excepted: 0, 'not covered': 0 });

/** Counts per operation (dialect), sorted, and the total. */
export function tally(results: CaseResult[]): { rows: [string, Counts][]; total: Counts } {
  const byKey = new Map<string, Counts>();
  for (const r of results) {
    const t = byKey.get(r.key) ?? zero();
    t[r.outcome]++;
    byKey.set(r.key, t);
  }
  const rows = [...byKey].sort(([a], [b]) => a.localeCompare(b));
  const total = zero();
  for (const [, t] of rows) for (const o of OUTCOMES) total[o] += t[o];
  return { rows, total };
}

/** The terminal summary: the tally, then every failure and every exception with its reason. */
export function summary(results: CaseResult[], exceptions: Record<string, Exception> = {}, o: { verbose?: boolean } = {}): string {
  const { rows, total } = tally(results);
  const line = (k: string, t: Counts) => `${k.padEnd(44)} ${String(t.passed).padStart(6)}  ${String(t.failed).padStart(6)}  ${String(t.excepted).padStart(8)}  ${String(t['not covered']).padStart(11)}`;
  const lines = ['', 'Conformance tally (per operation and dialect; a scenario replayed in two variants counts twice)',
    `${'operation (dialect)'.padEnd(44)} passed  failed  excepted  not covered`, ...rows.map(([k, t]) => line(k, t)), line('TOTAL', total)];
  const failed = results.filter((r) => r.outcome === 'failed');
  if (failed.length) {
    lines.push('', `Failures (${failed.length}):`);
    for (const r of failed) lines.push(`- [${r.run}] ${r.id}\n    expected ${r.expected}; got ${r.got}\n    ${r.problems.join('\n    ')}`);
  }
  const excepted = results.filter((r) => r.outcome === 'excepted' || (exceptions[r.id] && r.outcome !== 'not covered'));
  if (excepted.length) {
    lines.push('', 'Exceptions:');
    for (const r of excepted) lines.push(`- [${r.run}] ${r.id}: ${exceptions[r.id]?.reason} (got ${r.got}; ${r.outcome})`);
  }
  const unchecked = results.filter((r) => r.unchecked.length && r.outcome !== 'not covered');
  if (unchecked.length) lines.push('', `Facts not checked by this runner (whole-antwoord SoapUI comparisons): ${unchecked.length} case(s)`);
  if (o.verbose) {
    lines.push('', 'Not-covered requests that were sent:');
    for (const r of results.filter((x) => x.outcome === 'not covered' && x.got !== '(not sent)')) lines.push(`- [${r.run}] ${r.id}: ${r.got}`);
  }
  // the plain closing line CI tools read (excepted and not covered count as skipped)
  lines.push('', `conformance: ${total.passed} passed, ${total.failed} failed, ${total.excepted + total['not covered']} skipped`);
  return lines.join('\n');
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
  // XML 1.0 cannot carry most control characters, even escaped
  .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '?');

/** JUnit XML: a testsuite per run, a testcase per request; excepted and not-covered cases are skipped. */
export function junit(results: CaseResult[], name = 'zds-conformance'): string {
  const runs = new Map<string, CaseResult[]>();
  for (const r of results) runs.set(r.run, [...(runs.get(r.run) ?? []), r]);
  const count = (rs: CaseResult[], o: Outcome[]) => rs.filter((r) => o.includes(r.outcome)).length;
  const secs = (rs: CaseResult[]) => (rs.reduce((n, r) => n + r.ms, 0) / 1000).toFixed(3);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${esc(name)}" tests="${results.length}" failures="${count(results, ['failed'])}" skipped="${count(results, ['excepted', 'not covered'])}" time="${secs(results)}">`];
  for (const [run, rs] of runs) {
    out.push(`  <testsuite name="${esc(run)}" tests="${rs.length}" failures="${count(rs, ['failed'])}" errors="0" skipped="${count(rs, ['excepted', 'not covered'])}" time="${secs(rs)}">`);
    for (const r of rs) {
      const open = `    <testcase name="${esc(r.id)}" classname="${esc(r.key)}" time="${(r.ms / 1000).toFixed(3)}"`;
      if (r.outcome === 'passed') out.push(`${open}/>`);
      else if (r.outcome === 'failed') out.push(`${open}>`, `      <failure message="${esc(`expected ${r.expected}; got ${r.got}`)}">${esc(r.problems.join('\n'))}</failure>`, '    </testcase>');
      else out.push(`${open}>`, `      <skipped message="${esc(r.outcome === 'excepted' ? 'excepted (exception list)' : 'operation not covered')}"/>`, '    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').slice(0, 300);

/** A markdown report: where, when, the tally, then each failure and exception. */
export function markdown(results: CaseResult[], meta: { manifest: string; url: string; started: Date; ms: number }, exceptions: Record<string, Exception> = {}): string {
  const { rows, total } = tally(results);
  const failed = results.filter((r) => r.outcome === 'failed');
  const lines = [`# ZDS conformance report`, '',
    `- manifest: \`${meta.manifest}\``, `- server: \`${meta.url}\``, `- run: ${meta.started.toISOString()}, ${(meta.ms / 1000).toFixed(1)} s`,
    `- result: **${failed.length ? `${failed.length} failed` : 'passed'}** (${total.passed} passed, ${total.failed} failed, ${total.excepted} excepted, ${total['not covered']} not covered)`, '',
    '| operation (dialect) | passed | failed | excepted | not covered |', '|---|---:|---:|---:|---:|',
    ...rows.map(([k, t]) => `| ${cell(k)} | ${t.passed} | ${t.failed} | ${t.excepted} | ${t['not covered']} |`),
    `| **total** | **${total.passed}** | **${total.failed}** | **${total.excepted}** | **${total['not covered']}** |`];
  if (failed.length) {
    lines.push('', '## Failures', '', '| run | case | expected | got | problems |', '|---|---|---|---|---|');
    for (const r of failed) lines.push(`| ${cell(r.run)} | ${cell(r.id)} | ${cell(r.expected)} | ${cell(r.got)} | ${cell(r.problems.join('; '))} |`);
  }
  const excepted = results.filter((r) => exceptions[r.id] && r.outcome !== 'not covered');
  if (excepted.length) {
    lines.push('', '## Exceptions', '', '| case | reason | outcome |', '|---|---|---|');
    for (const r of excepted) lines.push(`| ${cell(r.id)} | ${cell(exceptions[r.id].reason)} | ${r.outcome} |`);
  }
  return `${lines.join('\n')}\n`;
}
