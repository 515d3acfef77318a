// `entando-chaos run` (npm start): the main job. Runs the selected scenarios against the
// embedded target (or the cluster CHAOS_TARGET names) through vitest, prints the verdict table
// and writes the reports; exits 0 only if every selected case ran and holds. A filter that
// matches nothing is refused before anything starts, and --dry-run prints the plan instead.
// reports/run.json records the run: its id, the cases selected, those that held.
import { writeFile } from 'node:fs/promises';
import { log } from '../log/log.js';
import { REPORTS_DIR } from '../paths.js';
import { loadResults } from '../report/scenario-result.js';
import { selectCases, UnknownScenarioError } from '../suite/catalog.js';
import { describePlan } from '../suite/plan.js';
import { newSuiteRunId } from '../suite/run-id.js';
import { targetKind } from '../suite/target-kind.js';
import { parse, UsageError } from './args.js';

export async function run(argv: string[]) {
  const flags = parse(argv, { scenario: { type: 'string', multiple: true }, 'dry-run': { type: 'boolean' } });
  let cases;
  try {
    cases = selectCases(flags.scenario);
  } catch (error) {
    if (error instanceof UnknownScenarioError) throw new UsageError(error.message);
    throw error;
  }
  if (flags['dry-run']) {
    process.stdout.write(`${describePlan(cases, targetKind())}\n`);
    return;
  }
  // A new id for every run, whatever the environment held: results are counted by it.
  const runId = newSuiteRunId();
  process.env.CHAOS_RUN_ID = runId;
  const started = performance.now();
  const files = [...new Set(cases.map((c) => `scenarios/${c.scenario}.test.ts`))];
  const { startVitest } = await import('vitest/node');
  const vitest = await startVitest('test', files, { project: ['scenarios'], watch: false });
  const failedTests = vitest.state.getCountOfFailedTests();
  await vitest.close();
  const results = await loadResults(runId);
  const held = results.filter((r) => r.holds).map((r) => r.id);
  const ran = new Set(results.map((r) => r.id));
  const missing = cases.filter((c) => !ran.has(c.id)).map((c) => c.id);
  await writeFile(
    `${REPORTS_DIR}/run.json`,
    `${JSON.stringify({ runId, target: targetKind(), selected: cases.map((c) => c.id), held, noVerdict: missing, failedTests }, null, 2)}\n`,
  );
  log.info(
    `${held.length} of ${cases.length} scenario cases hold${missing.length ? `; no verdict from ${missing.join(', ')}` : ''}; ` +
      `${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  if (held.length < cases.length || failedTests > 0) process.exitCode = 1;
}
