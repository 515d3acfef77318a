// Guide step "delete a pod": with 2 instances and probes running, one instance is deleted as
// `kubectl delete pod` does (SIGTERM, grace period). Users must not notice: no failed render
// in a private window, no lost login session; the target restores the instance.
import { describe, expect } from 'vitest';
import { availability, availabilityLimit } from '../helpers/checkers/availability.js';
import { recovery } from '../helpers/checkers/recovery.js';
import { sessionContinuity } from '../helpers/checkers/session-continuity.js';
import { sloFor } from '../helpers/checkers/slo.js';
import { deleteInstance } from '../helpers/faults/delete-instance.js';
import type { ScenarioCase } from '../helpers/suite/catalog.js';
import { startScenario } from '../helpers/suite/scenario.js';
import { scenarioTest } from '../helpers/suite/scenario-test.js';
import { suiteTarget } from '../helpers/suite/suite-target.js';

const slo = sloFor('pod-deletion');

async function podDeletion(c: ScenarioCase) {
  if (c.plan.fault !== 'delete-instance') throw new Error(`${c.id}: pod deletion needs a delete-instance plan`);
  const target = await suiteTarget(c.topology);
  const run = await startScenario(target, c);
  await run.steadyState({ forMs: 2_000 });
  // The instance the logged-in user is on: its deletion is what a session must survive.
  const victim = await run.pickInstance('session');
  const fault = await run.inject(deleteInstance(victim, { gracePeriodMs: c.plan.gracePeriodMs }));
  await run.waitForRestored();
  await fault.heal();
  await run.observe({ forMs: 2_000 });
  return run.finish([availability(slo.availability), sessionContinuity(slo.session), recovery(slo.recovery)]);
}

describe('pod deletion', () => {
  scenarioTest('pod-deletion', 'keeps rendering and keeps the login session while an instance is deleted and replaced', async (c) => {
    expect(await podDeletion(c)).toHold();
  });

  scenarioTest('pod-deletion.one-replica', 'negative control, one replica: renders fail while the only instance is replaced', async (c) => {
    const result = await podDeletion(c);
    expect(result).toHold();
    expect(result.verdict.explanation).toMatch(new RegExp(`^The page failed to render for .* on incognito: .*during delete-instance of instance .*; SLO: ${availabilityLimit(slo.availability, 'maxFailed')}`));
  });

  scenarioTest('pod-deletion.sessions-in-memory', 'negative control, sessions in memory: the user is logged out when their instance goes', async (c) => {
    const result = await podDeletion(c);
    expect(result).toHold();
    expect(result.verdict.verdicts.find((v) => v.checker === 'session-continuity')?.explanation).toMatch(/^Session broken: the user was logged out/);
  });
});
