// Guide step "terminate a node": instances on different nodes (asserted first); every
// container of the node hosting one instance dies at once and its addresses stop answering (a
// dead host, not a refused connection). Same SLOs as the process kill; the instance is
// rescheduled, the node restored, and everything is healthy after.
import { availability } from '../../helpers/checkers/availability.js';
import { recovery } from '../../helpers/checkers/recovery.js';
import { sloFor } from '../../helpers/checkers/slo.js';
import { terminateNode } from '../../helpers/faults/terminate-node.js';
import type { ScenarioCase } from '../../helpers/suite/catalog.js';
import type { StartedTarget } from '../../helpers/targets/target.js';
import { startScenario } from '../../helpers/suite/scenario.js';

const slo = sloFor('node-termination');

export async function nodeTermination(target: StartedTarget, c: ScenarioCase) {
  const instances = await target.instances();
  // Precondition: the layout the guide's step assumes.
  const nodes = new Set(instances.map((i) => i.node));
  if (nodes.size < instances.length) throw new Error(`instances share nodes (${instances.map((i) => `${i.name}@${i.node}`).join(', ')}): the precondition of this scenario`);
  const run = await startScenario(target, c);
  await run.steadyState();
  const victim = await run.pickInstance('incognito');
  const fault = await run.inject(terminateNode(victim.node));
  await run.waitForRestored({ timeoutMs: slo.recovery.maxReadyMs });
  await fault.heal();
  await run.observe();
  const after = await target.nodes();
  if (!after.every((n) => n.ready)) throw new Error(`nodes not all ready after restore: ${JSON.stringify(after)}`);
  return run.finish([availability(slo.availability), ...run.browserChecks(slo.browser), recovery(slo.recovery)]);
}

