// A vitest reporter: when the scenarios of a run end, it writes the HTML report and markdown
// summary and prints the verdict table, from this run's results only. A case that ran but
// saved no verdict (its target did not start, an assertion threw) is a row too, "did not
// finish" with the error, so a run never looks better than what it executed.
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { CATALOG } from '../suite/catalog.js';
import { suiteRunId } from '../suite/run-id.js';
import { loadResults, resultKey, type ScenarioResult } from './scenario-result.js';
import { holdCount, textTable } from './verdict-table.js';
import { writeReports } from './write-reports.js';

const SCENARIO_PROJECTS = new Set(['scenarios', 'assessment']);

function didNotFinish(test: TestCase, runId: string): ScenarioResult | undefined {
  const caseId = test.meta().caseId;
  const c = CATALOG.find((entry) => entry.id === caseId);
  const result = test.result();
  if (!c || result.state === 'skipped' || result.state === 'pending') return undefined;
  const durationMs = test.diagnostic()?.duration ?? 0;
  const error = result.errors?.[0]?.message?.split('\n')[0] ?? `the test ${result.state} without saving a verdict`;
  return {
    runId,
    id: c.id,
    title: c.title,
    expect: c.expect,
    mode: test.project.name === 'assessment' ? 'assessment' : 'self-test',
    holds: false,
    startedAt: new Date(Date.now() - durationMs).toISOString(),
    durationMs,
    verdict: { valid: 'unknown', verdicts: [], explanation: `Did not finish: ${error}` },
    journal: '',
    plot: '',
  };
}

export default class ScenarioReporter implements Reporter {
  async onTestRunEnd(modules: ReadonlyArray<TestModule>) {
    const scenarioModules = modules.filter((m) => SCENARIO_PROJECTS.has(m.project.name));
    if (scenarioModules.length === 0) return;
    const runId = suiteRunId();
    const saved = await loadResults(runId);
    const savedIds = new Set(saved.map(resultKey));
    const unfinished = scenarioModules
      .flatMap((m) => [...m.children.allTests()])
      .map((test) => didNotFinish(test, runId))
      .filter((r): r is ScenarioResult => r !== undefined && !savedIds.has(resultKey(r)));
    const results = [...saved, ...unfinished];
    if (results.length === 0) return;
    const { html, markdown } = await writeReports(results);
    // npm test runs both: the self-test's table, then the assessment's, each under its heading.
    const groups = (['self-test', 'assessment'] as const).map((mode) => results.filter((r) => (r.mode ?? 'self-test') === mode)).filter((g) => g.length > 0);
    const where = (group: ScenarioResult[]) => {
      const t = group.find((r) => r.target)?.target;
      return t === undefined ? 'the application' : t.kind === 'url' ? t.url : t.summary;
    };
    const heading = (group: ScenarioResult[]) => (group[0]!.mode === 'assessment' ? `Assessment of ${where(group)}: ${holdCount(group)}` : `Self-test: ${holdCount(group)}`);
    const tables = groups.map((g) => (groups.length > 1 || g[0]!.mode === 'assessment' ? `${heading(g)}\n\n${textTable(g)}` : textTable(g)));
    process.stdout.write(`\n${tables.join('\n\n')}\n\nReport: ${html}\nSummary: ${markdown}\n`);
  }
}
