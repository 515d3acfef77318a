// The self-test of scenarios/steps/process-kill.ts on the reference app, with its negative controls.
import { describe, expect } from 'vitest';
import { scenarioTest } from '../helpers/suite/scenario-test.js';
import { suiteTarget } from '../helpers/suite/suite-target.js';
import { processKill } from './steps/process-kill.js';

describe('process kill', () => {
  scenarioTest('process-kill', 'serves every render within 1 s while the server process is killed and restarted', async (c) => {
    expect(await processKill(await suiteTarget(c.topology), c)).toHold();
  });

  scenarioTest('process-kill.naive-lb', 'negative control, load balancer without health checks or retries: renders fail', async (c) => {
    const result = await processKill(await suiteTarget(c.topology), c);
    expect(result).toHold();
    // 4xx: on kind, the ingress alone answered 404 while the killed pod left and rejoined its endpoints.
    expect(result.verdict.explanation).toMatch(/^The page failed to render for .* on incognito: .*(refused|answered [45]\d\d).*during kill-process of the server process of /);
  });
});
