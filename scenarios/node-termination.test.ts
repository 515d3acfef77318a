// The self-test of scenarios/steps/node-termination.ts on the reference app, with its negative controls.
import { describe, expect } from 'vitest';
import { scenarioTest } from '../helpers/suite/scenario-test.js';
import { suiteTarget } from '../helpers/suite/suite-target.js';
import { nodeTermination } from './steps/node-termination.js';

describe('node termination', () => {
  scenarioTest('node-termination', 'serves every render within 1 s while a node dies, then reschedules and restores', async (c) => {
    expect(await nodeTermination(await suiteTarget(c.topology), c)).toHold();
  });

  scenarioTest('node-termination.naive-lb', 'negative control, load balancer without health checks or retries: renders fail', async (c) => {
    const result = await nodeTermination(await suiteTarget(c.topology), c);
    expect(result).toHold();
    expect(result.verdict.explanation).toMatch(/^The page failed to render for .* on incognito: .*during terminate-node of node \S+/);
  });
});
