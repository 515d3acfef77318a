// Guide step "terminate a node": instances on different nodes (asserted first); every
// container of the node hosting one instance dies at once and its addresses stop answering (a
// dead host, not a refused connection). Same SLOs as the process kill; the instance is
// rescheduled, the node restored, and everything is healthy after.
import { describe, expect, it } from 'vitest';
import { availability } from '../helpers/checkers/availability.js';
import { recovery } from '../helpers/checkers/recovery.js';
import { sloFor } from '../helpers/checkers/slo.js';
import { terminateNode } from '../helpers/faults/terminate-node.js';
import { startScenario } from '../helpers/suite/scenario.js';
import { suiteTarget } from '../helpers/suite/suite-target.js';
import type { TopologyOptions } from '../helpers/targets/topology.js';

const slo = sloFor('node-termination');

async function nodeTermination(id: string, title: string, topology: Partial<TopologyOptions>, expect: 'valid' | 'invalid') {
  const target = await suiteTarget(topology);
  const instances = await target.instances();
  // Precondition: the layout the guide's step assumes.
  const nodes = new Set(instances.map((i) => i.node));
  if (nodes.size < instances.length) throw new Error(`instances share nodes (${instances.map((i) => `${i.name}@${i.node}`).join(', ')}): the precondition of this scenario`);
  const run = await startScenario(target, { id, title, expect });
  await run.steadyState({ forMs: 2_000 });
  const victim = await run.pickInstance('incognito');
  const fault = await run.inject(terminateNode(victim.node));
  await run.waitForRestored({ timeoutMs: 90_000 });
  await fault.heal();
  await run.observe({ forMs: 2_000 });
  const after = await target.nodes();
  if (!after.every((n) => n.ready)) throw new Error(`nodes not all ready after restore: ${JSON.stringify(after)}`);
  return run.finish([availability(slo.availability), recovery(slo.recovery)]);
}

describe('node termination', () => {
  it('serves every render within 1 s while a node dies, then reschedules and restores', async () => {
    const result = await nodeTermination('node-termination', 'Node termination', { replicas: 2 }, 'valid');
    expect(result).toHold();
  });

  it('negative control, load balancer without health checks or retries: renders fail', async () => {
    const result = await nodeTermination('node-termination.naive-lb', 'Node termination, naive load balancer (negative control)', { replicas: 2, loadBalancer: 'naive' }, 'invalid');
    expect(result).toHold();
    expect(result.verdict.explanation).toMatch(/^The page failed to render for .* on incognito: .*during terminate-node of node \S+/);
  });
});
