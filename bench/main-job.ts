// Wall time of `npm start` with the images already built, and whether consecutive runs give
// the same verdicts. usage: npx tsx bench/main-job.ts [--runs 10] [--scenario NAME ...]
// With CHAOS_TARGET=kind, the same on the cluster `npm run cluster:up` made, run after run on
// it (the back-to-back runs that found leftovers of one run breaking the next).
// Goal (issue 15): median <= 180 s over 5 runs on a 2-core machine (issue 4 asked 6 min); the
// same verdicts every run. The figures say where the time went: the target, each phase.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { REPORTS_DIR } from '../helpers/paths.js';
import { targetKind } from '../helpers/suite/target-kind.js';
import { loadResults } from '../helpers/report/scenario-result.js';
import { verdictWord } from '../helpers/report/verdict-table.js';
import { writeFigures } from './write-figures.js';
import { readJunit, timeSpent, type TimeSpent } from './support/where-time-went.js';

const { values: flags } = parseArgs({ options: { runs: { type: 'string', default: '1' }, scenario: { type: 'string', multiple: true, default: [] } } });
const RUNS = Number(flags.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`--runs must be a positive integer, got ${JSON.stringify(flags.runs)}`);
const scenarioArgs = flags.scenario.flatMap((name) => ['--scenario', name]);
const target = targetKind();

const runs: { seconds: number; exitCode: number; verdicts: Record<string, string>; failures: string[]; spent?: TimeSpent }[] = [];
for (let i = 0; i < RUNS; i++) {
  const started = performance.now();
  const job = await execa('npm', ['start', ...(scenarioArgs.length ? ['--', ...scenarioArgs] : [])], { reject: false, all: true });
  const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
  // Sorted: results are read in directory order, which differs between runs.
  // No record: the job ended before it could write one, so no verdict counts.
  const { runId } = JSON.parse(await readFile(`${REPORTS_DIR}/run.json`, 'utf8').catch(() => '{"runId":""}')) as { runId: string };
  const results = await loadResults(runId);
  const verdicts = Object.fromEntries(
    results.map((r) => [r.id, `${verdictWord(r.verdict.valid)}${r.holds ? '' : ' (does not hold)'}`] as const).sort(([a], [b]) => a.localeCompare(b)),
  );
  // What failed, in vitest's words, so a run that differs can be explained afterwards.
  const failures = String(job.all ?? '')
    .split('\n')
    .filter((line) => /FAIL|AssertionError|Error:|\bNO\b/.test(line))
    .slice(0, 20);
  runs.push({ seconds, exitCode: job.exitCode ?? -1, verdicts, failures, spent: await readJunit(`${REPORTS_DIR}/junit.xml`).then((junit) => (junit === undefined ? undefined : timeSpent(junit, results))) });
  process.stderr.write(`run ${i + 1}/${RUNS}: ${seconds} s, exit ${job.exitCode}\n`);
}
const reference = JSON.stringify(runs[0]?.verdicts);
const differing = runs.map((r, i) => ({ run: i + 1, same: JSON.stringify(r.verdicts) === reference })).filter((r) => !r.same);
const times = runs.map((r) => r.seconds).sort((a, b) => a - b);
const name = `main-job${target === 'kind' ? '-kind' : ''}${flags.scenario.length ? `-${flags.scenario.join('-')}` : ''}${RUNS > 1 ? '-repeated' : ''}`;
await writeFigures(name, {
  target,
  scenarios: flags.scenario.length ? flags.scenario : 'all',
  runs: RUNS,
  wallSeconds: runs.map((r) => r.seconds),
  medianWallSeconds: times[Math.floor(times.length / 2)],
  exitCodes: runs.map((r) => r.exitCode),
  sameVerdictsEveryRun: differing.length === 0,
  runsWithOtherVerdicts: differing.map((d) => d.run),
  verdicts: runs[0]?.verdicts,
  verdictsByRun: runs.map((r) => r.verdicts),
  failures: runs.map((r, i) => ({ run: i + 1, lines: r.failures })).filter((f) => f.lines.length > 0),
  // Per run: the tests' time, the target's share of it, the scenarios' phases; per case in the last run.
  // null for a run that wrote no JUnit file.
  timeSpentByRun: runs.map(({ spent }) => (spent ? { testsSeconds: spent.testsSeconds, targetSeconds: spent.targetSeconds, phasesSeconds: spent.phasesSeconds } : null)),
  timeSpentByCaseLastRun: runs[runs.length - 1]?.spent?.cases ?? null,
  goalWallSeconds: target === 'kind' || flags.scenario.length ? null : 180,
});
