// A vitest reporter: when the scenarios of a run end, it writes the HTML report and markdown
// summary and prints the verdict table, from this run's results only. A case that ran but
// saved no verdict (its target did not start, an assertion threw) is a row too, "did not
// finish" with the error, so a run never looks better than what it executed.
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { CATALOG } from '../suite/catalog.js';
import { suiteRunId } from '../suite/run-id.js';
import { loadResults, type ScenarioResult } from './scenario-result.js';
import { textTable } from './verdict-table.js';
import { writeReports } from './write-reports.js';

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
    const scenarioModules = modules.filter((m) => m.project.name === 'scenarios');
    if (scenarioModules.length === 0) return;
    const runId = suiteRunId();
    const saved = await loadResults(runId);
    const savedIds = new Set(saved.map((r) => r.id));
    const unfinished = scenarioModules
      .flatMap((m) => [...m.children.allTests()])
      .map((test) => didNotFinish(test, runId))
      .filter((r): r is ScenarioResult => r !== undefined && !savedIds.has(r.id));
    const results = [...saved, ...unfinished];
    if (results.length === 0) return;
    const { html, markdown } = await writeReports(results);
    process.stdout.write(`\n${textTable(results)}\n\nReport: ${html}\nSummary: ${markdown}\n`);
  }
}
