// Guide step "terminate a node": instances on different nodes (asserted first); every
// container of the node hosting one instance dies at once and its addresses stop answering (a
// dead host, not a refused connection). Same SLOs as the process kill; the instance is
// rescheduled, the node restored, and everything is healthy after.
import { describe, expect } from 'vitest';
import { availability } from '../helpers/checkers/availability.js';
import { recovery } from '../helpers/checkers/recovery.js';
import { sloFor } from '../helpers/checkers/slo.js';
import { terminateNode } from '../helpers/faults/terminate-node.js';
import type { ScenarioCase } from '../helpers/suite/catalog.js';
import { startScenario } from '../helpers/suite/scenario.js';
import { scenarioTest } from '../helpers/suite/scenario-test.js';
import { suiteTarget } from '../helpers/suite/suite-target.js';

const slo = sloFor('node-termination');

async function nodeTermination(c: ScenarioCase) {
  const target = await suiteTarget(c.topology);
  const instances = await target.instances();
  // Precondition: the layout the guide's step assumes.
  const nodes = new Set(instances.map((i) => i.node));
  if (nodes.size < instances.length) throw new Error(`instances share nodes (${instances.map((i) => `${i.name}@${i.node}`).join(', ')}): the precondition of this scenario`);
  const run = await startScenario(target, c);
  await run.steadyState({ forMs: 2_000 });
  const victim = await run.pickInstance('incognito');
  const fault = await run.inject(terminateNode(victim.node));
  await run.waitForRestored({ timeoutMs: slo.recovery.maxReadyMs });
  await fault.heal();
  await run.observe({ forMs: 2_000 });
  const after = await target.nodes();
  if (!after.every((n) => n.ready)) throw new Error(`nodes not all ready after restore: ${JSON.stringify(after)}`);
  return run.finish([availability(slo.availability), recovery(slo.recovery)]);
}

describe('node termination', () => {
  scenarioTest('node-termination', 'serves every render within 1 s while a node dies, then reschedules and restores', async (c) => {
    expect(await nodeTermination(c)).toHold();
  });

  scenarioTest('node-termination.naive-lb', 'negative control, load balancer without health checks or retries: renders fail', async (c) => {
    const result = await nodeTermination(c);
    expect(result).toHold();
    expect(result.verdict.explanation).toMatch(/^The page failed to render for .* on incognito: .*during terminate-node of node \S+/);
  });
});
