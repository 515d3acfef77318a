// The self-test of scenarios/steps/redis-sentinel-failover.ts on the reference app, with its negative controls.
import { describe, expect } from 'vitest';
import { milestoneMissed } from '../helpers/checkers/milestone.js';
import { scenarioTest } from '../helpers/suite/scenario-test.js';
import { suiteTarget } from '../helpers/suite/suite-target.js';
import { sentinelFailover, FAILOVER } from './steps/redis-sentinel-failover.js';

describe('redis sentinel failover', () => {
  scenarioTest('redis-sentinel-failover', 'promotes a replica, keeps rendering and serving data, and takes the old master back as a replica', async (c) => {
    expect(await sentinelFailover(await suiteTarget(c.topology), c)).toHold();
  });

  scenarioTest('redis-sentinel-failover.single-redis', 'negative control, a single Redis node: nothing is promoted', async (c) => {
    const result = await sentinelFailover(await suiteTarget(c.topology), c);
    expect(result).toHold();
    expect(result.verdict.verdicts.find((v) => v.checker === 'redis-failover')?.explanation).toBe(milestoneMissed(FAILOVER));
  });
});
