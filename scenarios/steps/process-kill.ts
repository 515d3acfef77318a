// Guide step "kill -9 the server process": the application process inside one instance's
// container is found by looking it up and killed; the container restarts in place. Users
// must not see a failed render, and a page must never take more than 1 s (p99).
import { availability } from '../../helpers/checkers/availability.js';
import { recovery } from '../../helpers/checkers/recovery.js';
import { sloFor } from '../../helpers/checkers/slo.js';
import { killProcess } from '../../helpers/faults/kill-process.js';
import type { ScenarioCase } from '../../helpers/suite/catalog.js';
import type { StartedTarget } from '../../helpers/targets/target.js';
import { startScenario } from '../../helpers/suite/scenario.js';

const slo = sloFor('process-kill');

export async function processKill(target: StartedTarget, c: ScenarioCase) {
  const run = await startScenario(target, c);
  await run.steadyState();
  const victim = await run.pickInstance('incognito');
  const fault = await run.inject(killProcess(victim));
  // The container restarts in place: same instance, one more restart.
  await run.waitFor('instance-restarted', `${victim.name} restarted`, async () => {
    const now = (await target.instances()).find((i) => i.name === victim.name);
    return { done: (now?.restarts ?? 0) > victim.restarts, state: `restarts ${now?.restarts ?? 'gone'}` };
  }, { timeoutMs: slo.recovery.maxReadyMs });
  await run.waitForRestored({ timeoutMs: slo.recovery.maxReadyMs });
  await fault.heal();
  await run.observe();
  return run.finish([availability(slo.availability), ...run.browserChecks(slo.browser), recovery(slo.recovery)]);
}

