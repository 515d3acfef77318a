// `entando-chaos run` (npm start): the main job. By default the self-test: every scenario and
// its negative controls on the reference app, the suite's own stand-in. With --app (the
// embedded target) or --assess (the cluster CHAOS_TARGET names), the assessment: the guide's
// steps on an application the suite does not own, as it is deployed. Either way vitest runs
// them, the verdict table is printed and the reports written. Exit code 0 only if every
// selected case ran and holds; in an assessment, a step that is not applicable (with its
// reason) counts neither as holding nor as failing. A filter that matches nothing is refused
// before anything starts, and --dry-run prints the plan instead. reports/run.json records the
// run: its id, mode, the cases selected, those that held, those that were not applicable.
import { writeFile } from 'node:fs/promises';
import { log } from '../log/log.js';
import { REPORTS_DIR } from '../paths.js';
import { loadResults } from '../report/scenario-result.js';
import { parseRate } from '../load/load-spec.js';
import { ASSESSMENT_CASES } from '../suite/assessment.js';
import { selectCases, UnknownScenarioError } from '../suite/catalog.js';
import { describePlan } from '../suite/plan.js';
import { newSuiteRunId } from '../suite/run-id.js';
import { targetKind } from '../suite/target-kind.js';
import { APP_NAMES } from '../targets/topology.js';
import { choice, parse, parseFlags, UsageError } from './args.js';

const RUN_FLAGS = {
  scenario: { type: 'string', multiple: true },
  'dry-run': { type: 'boolean' },
  assess: { type: 'boolean' },
  app: { type: 'string' },
  load: { type: 'string' },
} as const;

function assessmentOptions(flags: { assess?: boolean; app?: string }, env: NodeJS.ProcessEnv) {
  if (flags.app === undefined) return flags.assess === true;
  const { app } = parseFlags([`--app=${flags.app}`], { app: choice(APP_NAMES) });
  if (targetKind(env) === 'kind') throw new UsageError('--app chooses the embedded target\'s application; on kind the cluster\'s application is assessed: use --assess');
  env.CHAOS_APP = app;
  return true;
}

function parseLoadFlag(text: string): number {
  try {
    return parseRate(text, '--load');
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export async function run(argv: string[], env: NodeJS.ProcessEnv = process.env) {
  const flags = parse(argv, RUN_FLAGS);
  const assessment = assessmentOptions(flags, env);
  // The processes vitest starts read it from there, as a user's CHAOS_LOAD_RATE.
  if (flags.load !== undefined) env.CHAOS_LOAD_RATE = `${parseLoadFlag(flags.load)}/s`;
  let cases;
  try {
    cases = selectCases(flags.scenario, assessment ? ASSESSMENT_CASES : undefined);
  } catch (error) {
    if (error instanceof UnknownScenarioError) throw new UsageError(error.message);
    throw error;
  }
  if (flags['dry-run']) {
    process.stdout.write(`${describePlan(cases, targetKind(env), env, assessment)}\n`);
    return;
  }
  // A new id for every run, whatever the environment held: results are counted by it.
  const runId = newSuiteRunId();
  env.CHAOS_RUN_ID = runId;
  const started = performance.now();
  const project = assessment ? 'assessment' : 'scenarios';
  const files = assessment ? ['assessment/'] : [...new Set(cases.map((c) => `scenarios/${c.scenario}.test.ts`))];
  const { startVitest } = await import('vitest/node');
  // The assessment's one file runs the selected steps: vitest's name filter picks them by case id.
  const filter = assessment && flags.scenario?.length ? { testNamePattern: new RegExp(`(?:^|\\s)(?:${cases.map((c) => c.id.replace(/\./g, '\\.')).join('|')}): `) } : {};
  const vitest = await startVitest('test', files, { project: [project], watch: false, ...filter });
  const failedTests = vitest.state.getCountOfFailedTests();
  await vitest.close();
  const mode = assessment ? 'assessment' : 'self-test';
  const results = (await loadResults(runId)).filter((r) => (r.mode ?? 'self-test') === mode);
  const held = results.filter((r) => r.holds).map((r) => r.id);
  const notApplicable = results.filter((r) => r.notApplicable !== undefined).map((r) => r.id);
  const ran = new Set(results.map((r) => r.id));
  const missing = cases.filter((c) => !ran.has(c.id)).map((c) => c.id);
  await writeFile(
    `${REPORTS_DIR}/run.json`,
    `${JSON.stringify({ runId, mode, target: targetKind(env), selected: cases.map((c) => c.id), held, notApplicable, noVerdict: missing, failedTests }, null, 2)}\n`,
  );
  const counted = cases.length - notApplicable.length;
  log.info(
    `${mode}: ${held.length} of ${counted} ${assessment ? 'applicable steps' : 'scenario cases'} hold` +
      `${notApplicable.length ? `; not applicable: ${notApplicable.join(', ')}` : ''}${missing.length ? `; no verdict from ${missing.join(', ')}` : ''}; ` +
      `${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  if (held.length < counted || missing.length > 0 || failedTests > 0) process.exitCode = 1;
}
