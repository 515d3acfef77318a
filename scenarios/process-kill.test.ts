// Guide step "kill -9 the server process": the application process inside one instance's
// container is found by looking it up and killed; the container restarts in place. Users
// must not see a failed render, and a page must never take more than 1 s (p99).
import { describe, expect, it } from 'vitest';
import { availability } from '../helpers/checkers/availability.js';
import { recovery } from '../helpers/checkers/recovery.js';
import { sloFor } from '../helpers/checkers/slo.js';
import { killProcess } from '../helpers/faults/kill-process.js';
import { startScenario } from '../helpers/suite/scenario.js';
import { suiteTarget } from '../helpers/suite/suite-target.js';
import type { TopologyOptions } from '../helpers/targets/topology.js';

const slo = sloFor('process-kill');

async function processKill(id: string, title: string, topology: Partial<TopologyOptions>, expect: 'valid' | 'invalid') {
  const target = await suiteTarget(topology);
  const run = await startScenario(target, { id, title, expect });
  await run.steadyState({ forMs: 2_000 });
  const victim = await run.pickInstance('incognito');
  const fault = await run.inject(killProcess(victim));
  // The container restarts in place: same instance, one more restart.
  await run.waitFor('instance-restarted', `${victim.name} restarted`, async () => {
    const now = (await target.instances()).find((i) => i.name === victim.name);
    return { done: (now?.restarts ?? 0) > victim.restarts, state: `restarts ${now?.restarts ?? 'gone'}` };
  }, { timeoutMs: 60_000 });
  await run.waitForRestored();
  await fault.heal();
  await run.observe({ forMs: 2_000 });
  return run.finish([availability(slo.availability), recovery(slo.recovery)]);
}

describe('process kill', () => {
  it('serves every render within 1 s while the server process is killed and restarted', async () => {
    const result = await processKill('process-kill', 'Process kill (kill -9)', { replicas: 2 }, 'valid');
    expect(result).toHold();
  });

  it('negative control, load balancer without health checks or retries: renders fail', async () => {
    const result = await processKill('process-kill.naive-lb', 'Process kill, naive load balancer (negative control)', { replicas: 2, loadBalancer: 'naive' }, 'invalid');
    expect(result).toHold();
    // 4xx: on kind, the ingress alone answered 404 while the killed pod left and rejoined its endpoints.
    expect(result.verdict.explanation).toMatch(/^The page failed to render for .* on incognito: .*(refused|answered [45]xx).*during kill-process of the server process of /);
  });
});
