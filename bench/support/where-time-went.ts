// Where a run's time went, from what it left in reports/: each scenario test's time (vitest's
// JUnit file) against the scenario's own (its result), the difference being the target's start
// or reconfiguration and its stop; and the scenarios' time by phase. Issue 15 measures first.
import { readFile } from 'node:fs/promises';
import type { ScenarioResult } from '../../helpers/report/scenario-result.js';

export interface TimeSpent {
  /** Seconds, summed over the run's scenario tests. */
  testsSeconds: number;
  /** In those tests, outside the scenario: starting or configuring the target, stopping or restoring it. */
  targetSeconds: number;
  /** The scenarios' time by phase (start: the instruments starting; judging: stopping them, the checkers). */
  phasesSeconds: Record<string, number>;
  /** Per case: the test's seconds, and the target's share of them. */
  cases: Record<string, { testSeconds: number; targetSeconds: number }>;
}

/** Each scenario test's seconds by case id, from a JUnit file's `<testcase name="... &gt; <id>: ..." time="...">`. */
export function testSecondsByCase(junit: string): Map<string, number> {
  const seconds = new Map<string, number>();
  for (const [, name, time] of junit.matchAll(/<testcase\b[^>]*\bname="([^"]*)"[^>]*\btime="([\d.]+)"/g)) {
    // vitest names it "<describe> &gt; <case id>: <what it shows>".
    const id = /(?:^|&gt; )([\w.-]+): /.exec(name!)?.[1];
    if (id) seconds.set(id, Number(time));
  }
  return seconds;
}

const round = (s: number) => Number(s.toFixed(1));

export function timeSpent(junit: string, results: ScenarioResult[]): TimeSpent {
  const tests = testSecondsByCase(junit);
  const phases: Record<string, number> = {};
  const cases: TimeSpent['cases'] = {};
  for (const r of results) {
    const testSeconds = tests.get(r.id) ?? 0;
    cases[r.id] = { testSeconds: round(testSeconds), targetSeconds: round(Math.max(0, testSeconds - r.durationMs / 1000)) };
    for (const [phase, ms] of Object.entries(r.phasesMs ?? {})) phases[phase] = (phases[phase] ?? 0) + ms / 1000;
  }
  const sum = (pick: (c: TimeSpent['cases'][string]) => number) => round(Object.values(cases).reduce((s, c) => s + pick(c), 0));
  return {
    testsSeconds: sum((c) => c.testSeconds),
    targetSeconds: sum((c) => c.targetSeconds),
    phasesSeconds: Object.fromEntries(Object.entries(phases).map(([p, s]) => [p, round(s)])),
    cases,
  };
}

/** The JUnit file's text; undefined when the run wrote none (it ended before vitest reported), so no time is made up. */
export const readJunit = (file: string) => readFile(file, 'utf8').catch(() => undefined);
