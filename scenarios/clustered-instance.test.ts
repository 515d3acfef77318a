// The self-test of scenarios/steps/clustered-instance.ts on the reference app, with its negative controls.
import { describe, expect } from 'vitest';
import { scenarioTest } from '../helpers/suite/scenario-test.js';
import { suiteTarget } from '../helpers/suite/suite-target.js';
import { clusteredInstance } from './steps/clustered-instance.js';

describe('clustered instance', () => {
  scenarioTest('clustered-instance', 'scales 1 -> 2 -> 3 without a failed render; every instance is reached and serves the same data', async (c) => {
    const { result, instances, cacheLines } = await clusteredInstance(await suiteTarget(c.topology), c);
    expect(instances).toHaveLength(3);
    // Redis active, single node or Sentinel: whichever the target runs (kind: cluster:up --redis).
    expect(cacheLines.map((l) => l?.text)).toEqual(instances.map(() => expect.stringMatching(/\*\* Redis (with single node|Cluster with sentinel) configuration \*\*/)));
    expect(result).toHold();
  });

  scenarioTest('clustered-instance.embedded-db', 'negative control, in-memory database per instance: the instances disagree', async (c) => {
    const { result } = await clusteredInstance(await suiteTarget(c.topology), c);
    expect(result).toHold();
    expect(result.verdict.explanation).toMatch(/^Stale cache: instance .* still served "HTTP 404" at its last read/);
  });
});
