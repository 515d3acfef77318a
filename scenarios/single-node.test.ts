// The self-test of scenarios/steps/single-node.ts on the reference app, with its negative controls.
import { describe, expect } from 'vitest';
import { scenarioTest } from '../helpers/suite/scenario-test.js';
import { suiteTarget } from '../helpers/suite/suite-target.js';
import { singleNode } from './steps/single-node.js';

describe('single node (ReadWriteOnce layout)', () => {
  scenarioTest('single-node', 'renders again within the recovery budget after the only node dies', async (c) => {
    const result = await singleNode(await suiteTarget(c.topology), c);
    expect(result).toHold();
    expect(result.verdict.verdicts.find((v) => v.checker === 'availability')?.explanation).toMatch(/longest outage \d/);
  });

  scenarioTest('single-node.no-eviction', 'negative control, instances never rescheduled: the application does not come back in time', async (c) => {
    const result = await singleNode(await suiteTarget(c.topology), c);
    expect(result).toHold();
    expect(result.verdict.explanation).toMatch(/^Recovery too slow: incognito was not served again before the fault was healed/);
  });
});
