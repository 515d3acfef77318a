// The verdict table: scenario, verdict, longest outage, failed requests, recovery time, the
// load's requests served (when a scenario ran under load), as
// rows that the terminal, markdown and HTML renderings share.
import { seconds } from '../checkers/format.js';
import { keyFigures, type KeyFigures, type ScenarioResult } from './scenario-result.js';

export const COLUMNS = ['scenario', 'expected', 'verdict', 'holds', 'longest outage', 'failed requests', 'recovery', 'load served'] as const;

export function verdictWord(valid: true | false | 'unknown'): string {
  return valid === true ? 'valid' : valid === false ? 'invalid' : 'unknown';
}

export function tableRows(results: ScenarioResult[]): string[][] {
  return results.map((r) => {
    const f = keyFigures(r.verdict.verdicts);
    return [
      r.title,
      r.expect,
      r.notApplicable === undefined ? verdictWord(r.verdict.valid) : 'not applicable',
      r.notApplicable === undefined ? (r.holds ? 'yes' : 'NO') : 'n/a',
      f.longestOutageMs === undefined ? '-' : seconds(f.longestOutageMs),
      f.failedRequests === undefined ? '-' : String(f.failedRequests),
      f.recoveryMs === undefined ? '-' : seconds(f.recoveryMs),
      f.load ? loadCell(f.load) : '-',
    ];
  });
}

/** "4,498 of 4,500, p99 0.04 s (3 not sent)" */
function loadCell(load: NonNullable<KeyFigures['load']>): string {
  const n = (x: number) => x.toLocaleString('en');
  return `${n(load.ok)} of ${n(load.attempted)}${load.p99Ms === undefined ? '' : `, p99 ${seconds(load.p99Ms)}`}${load.unmeasured ? ` (${n(load.unmeasured)} not sent)` : ''}`;
}

/** "5 of 6 scenarios hold"; in an assessment, its not-applicable steps counted apart, never as holding. */
export function holdCount(results: ScenarioResult[]): string {
  const na = results.filter((r) => r.notApplicable !== undefined).length;
  const held = results.filter((r) => r.holds).length;
  if (!results.some((r) => r.mode === 'assessment')) return `${held} of ${results.length} scenarios hold`;
  return `${held} of ${results.length - na} applicable steps hold${na ? `, ${na} not applicable` : ''}`;
}

export function textTable(results: ScenarioResult[]): string {
  const rows = [[...COLUMNS], ...tableRows(results)];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
