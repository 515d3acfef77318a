// The guide's ReadWriteOnce case: every instance on one node, and that node terminated. An
// outage is expected; what is measured is how long until the application renders again, the
// cost of that layout, which must stay within the recovery budget.
import { availability } from '../../helpers/checkers/availability.js';
import { recovery } from '../../helpers/checkers/recovery.js';
import { sloFor } from '../../helpers/checkers/slo.js';
import { terminateNode } from '../../helpers/faults/terminate-node.js';
import { channels } from '../../helpers/suite/channels.js';
import type { ScenarioCase } from '../../helpers/suite/catalog.js';
import type { StartedTarget } from '../../helpers/targets/target.js';
import { startScenario } from '../../helpers/suite/scenario.js';

const slo = sloFor('single-node');

export async function singleNode(target: StartedTarget, c: ScenarioCase) {
  const instances = await target.instances();
  const nodes = [...new Set(instances.map((i) => i.node))];
  if (nodes.length !== 1) throw new Error(`instances are on ${nodes.join(', ')}: the precondition is one node`);
  const run = await startScenario(target, c, { channels: channels(target, ['incognito']) });
  await run.steadyState();
  const fault = await run.inject(terminateNode(nodes[0]!));
  await run.waitUntilServed('incognito', { timeoutMs: slo.recovery.maxFirstSuccessMs + 2_000, optional: true });
  await fault.heal();
  await run.observe();
  // The outage is the expected cost: reported by availability, judged by recovery only.
  return run.finish([availability(slo.availability), recovery(slo.recovery)]);
}

