import { expect, it } from 'vitest';
import type { ScenarioResult } from '../../helpers/report/scenario-result.js';
import { testSecondsByCase, timeSpent } from './where-time-went.js';

const junit = `<testsuite name="scenarios/pod-deletion.test.ts">
  <testcase classname="scenarios/pod-deletion.test.ts" name="pod deletion &gt; pod-deletion: keeps rendering" time="20.5">
  </testcase>
  <testcase classname="scenarios/pod-deletion.test.ts" name="pod deletion &gt; pod-deletion.one-replica: negative control, one replica" time="30.25">
  </testcase>
  <testcase classname="helpers/x.test.ts" name="parses a rate" time="0.01"></testcase>
</testsuite>`;

it("reads each scenario test's seconds by case id, and counts what lies outside the scenario as the target's", () => {
  expect([...testSecondsByCase(junit)]).toEqual([['pod-deletion', 20.5], ['pod-deletion.one-replica', 30.25]]);
  const result = (id: string, durationMs: number, phasesMs: Record<string, number>) => ({ id, durationMs, phasesMs }) as unknown as ScenarioResult;
  const spent = timeSpent(junit, [result('pod-deletion.one-replica', 22_000, { start: 500, steady: 2_000, fault: 100, recovery: 19_000, judging: 400 })]);
  expect(spent).toEqual({
    testsSeconds: 30.3,
    targetSeconds: 8.3,
    phasesSeconds: { start: 0.5, steady: 2, fault: 0.1, recovery: 19, judging: 0.4 },
    cases: { 'pod-deletion.one-replica': { testSeconds: 30.3, targetSeconds: 8.3 } },
  });
});
