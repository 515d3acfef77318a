// The markdown summary, for a CI job summary ($GITHUB_STEP_SUMMARY) or a pull request.
import { COLUMNS, holdCount, tableRows } from './verdict-table.js';
import type { ScenarioResult } from './scenario-result.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function markdownSummary(results: ScenarioResult[]): string {
  const first = results.find((r) => r.target)?.target;
  const target =
    first === undefined ? 'no target' : first.kind === 'url' ? `URL ${first.url}` : `${first.kind} (context ${first.context}, namespace ${first.namespace}): ${first.summary}`;
  const lines = [
    `## Entando HA chaos: ${holdCount(results)}`,
    '',
    `Target: ${target}`,
    '',
    `| ${COLUMNS.join(' | ')} |`,
    `|${COLUMNS.map(() => '---').join('|')}|`,
    ...tableRows(results).map((row) => `| ${row.map(cell).join(' | ')} |`),
    '',
  ];
  for (const r of results.filter((r) => !r.holds)) lines.push(`- **${cell(r.title)}**${r.notApplicable === undefined ? ` (expected ${r.expect})` : ''}: ${cell(r.verdict.explanation)}`);
  return `${lines.join('\n')}\n`;
}
