// The guide's ReadWriteOnce case: every instance on one node, and that node terminated. An
// outage is expected; what is measured is how long until the application renders again, the
// cost of that layout, which must stay within the recovery budget.
import { describe, expect, it } from 'vitest';
import { availability } from '../helpers/checkers/availability.js';
import { recovery } from '../helpers/checkers/recovery.js';
import { sloFor } from '../helpers/checkers/slo.js';
import { terminateNode } from '../helpers/faults/terminate-node.js';
import { channels } from '../helpers/suite/channels.js';
import { startScenario } from '../helpers/suite/scenario.js';
import { suiteTarget } from '../helpers/suite/suite-target.js';
import type { TopologyOptions } from '../helpers/targets/topology.js';

const slo = sloFor('single-node');

async function singleNode(id: string, title: string, topology: Partial<TopologyOptions>, expect: 'valid' | 'invalid') {
  const target = await suiteTarget({ replicas: 2, placement: 'single-node', ...topology });
  const instances = await target.instances();
  const nodes = [...new Set(instances.map((i) => i.node))];
  if (nodes.length !== 1) throw new Error(`instances are on ${nodes.join(', ')}: the precondition is one node`);
  const run = await startScenario(target, { id, title, expect, channels: channels(target, ['incognito']) });
  await run.steadyState({ forMs: 2_000 });
  const fault = await run.inject(terminateNode(nodes[0]!));
  await run.waitUntilServed('incognito', { timeoutMs: slo.recovery.maxFirstSuccessMs + 2_000, optional: true });
  await fault.heal();
  await run.observe({ forMs: 2_000 });
  // The outage is the expected cost: reported by availability, judged by recovery only.
  return run.finish([availability({ channels: ['incognito'] }), recovery(slo.recovery)]);
}

describe('single node (ReadWriteOnce layout)', () => {
  it('renders again within the recovery budget after the only node dies', async () => {
    const result = await singleNode('single-node', 'Single node terminated (RWO layout)', {}, 'valid');
    expect(result).toHold();
    expect(result.verdict.verdicts.find((v) => v.checker === 'availability')?.explanation).toMatch(/longest outage \d/);
  });

  it('negative control, instances never rescheduled: the application does not come back in time', async () => {
    const result = await singleNode('single-node.no-eviction', 'Single node terminated, no rescheduling (negative control)', { evictionMs: 3_600_000 }, 'invalid');
    expect(result).toHold();
    expect(result.verdict.explanation).toMatch(/^Recovery too slow: incognito was not served again before the fault was healed/);
  });
});
