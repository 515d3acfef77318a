// Guide step "delete a pod": with 2 instances and probes running, one instance is deleted as
// `kubectl delete pod` does (SIGTERM, grace period). Users must not notice: no failed render
// in a private window, no lost login session; the target restores the instance.
import { availability } from '../../helpers/checkers/availability.js';
import { recovery } from '../../helpers/checkers/recovery.js';
import { sessionContinuity } from '../../helpers/checkers/session-continuity.js';
import { sloFor } from '../../helpers/checkers/slo.js';
import { deleteInstance } from '../../helpers/faults/delete-instance.js';
import type { ScenarioCase } from '../../helpers/suite/catalog.js';
import type { StartedTarget } from '../../helpers/targets/target.js';
import { startScenario } from '../../helpers/suite/scenario.js';

const slo = sloFor('pod-deletion');

export async function podDeletion(target: StartedTarget, c: ScenarioCase) {
  if (c.plan.fault !== 'delete-instance') throw new Error(`${c.id}: pod deletion needs a delete-instance plan`);
  const run = await startScenario(target, c);
  await run.steadyState();
  // The instance the logged-in user is on: its deletion is what a session must survive.
  const victim = await run.pickInstance('session');
  const fault = await run.inject(deleteInstance(victim, { gracePeriodMs: c.plan.gracePeriodMs }));
  await run.waitForRestored();
  await fault.heal();
  await run.observe();
  return run.finish([availability(slo.availability), ...run.browserChecks(slo.browser), sessionContinuity(slo.session), recovery(slo.recovery)]);
}

