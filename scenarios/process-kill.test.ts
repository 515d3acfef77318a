// Guide step "kill -9 the server process": the application process inside one instance's
// container is found by looking it up and killed; the container restarts in place. Users
// must not see a failed render, and a page must never take more than 1 s (p99).
import { describe, expect } from 'vitest';
import { availability } from '../helpers/checkers/availability.js';
import { recovery } from '../helpers/checkers/recovery.js';
import { sloFor } from '../helpers/checkers/slo.js';
import { killProcess } from '../helpers/faults/kill-process.js';
import type { ScenarioCase } from '../helpers/suite/catalog.js';
import { startScenario } from '../helpers/suite/scenario.js';
import { scenarioTest } from '../helpers/suite/scenario-test.js';
import { suiteTarget } from '../helpers/suite/suite-target.js';

const slo = sloFor('process-kill');

async function processKill(c: ScenarioCase) {
  const target = await suiteTarget(c.topology);
  const run = await startScenario(target, c);
  await run.steadyState({ forMs: 2_000 });
  const victim = await run.pickInstance('incognito');
  const fault = await run.inject(killProcess(victim));
  // The container restarts in place: same instance, one more restart.
  await run.waitFor('instance-restarted', `${victim.name} restarted`, async () => {
    const now = (await target.instances()).find((i) => i.name === victim.name);
    return { done: (now?.restarts ?? 0) > victim.restarts, state: `restarts ${now?.restarts ?? 'gone'}` };
  }, { timeoutMs: slo.recovery.maxReadyMs });
  await run.waitForRestored({ timeoutMs: slo.recovery.maxReadyMs });
  await fault.heal();
  await run.observe({ forMs: 2_000 });
  return run.finish([availability(slo.availability), recovery(slo.recovery)]);
}

describe('process kill', () => {
  scenarioTest('process-kill', 'serves every render within 1 s while the server process is killed and restarted', async (c) => {
    expect(await processKill(c)).toHold();
  });

  scenarioTest('process-kill.naive-lb', 'negative control, load balancer without health checks or retries: renders fail', async (c) => {
    const result = await processKill(c);
    expect(result).toHold();
    // 4xx: on kind, the ingress alone answered 404 while the killed pod left and rejoined its endpoints.
    expect(result.verdict.explanation).toMatch(/^The page failed to render for .* on incognito: .*(refused|answered [45]\d\d).*during kill-process of the server process of /);
  });
});
