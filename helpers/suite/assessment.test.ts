// Which guide steps a deployment can take, judged from what the target reports, and what a
// step becomes when it runs on an application as it is deployed.
import { describe, expect, it } from 'vitest';
import type { Instance, StartedTarget } from '../targets/target.js';
import { ASSESSMENT_CASES, assessedCase, notApplicable } from './assessment.js';

const instance = (name: string, node: string): Instance => ({ name, node, phase: 'Running', ready: true, restarts: 0 });

/** Only what applicability reads of a target; anything else it touched would throw. */
function deployment(instances: Instance[], redis: Record<string, string>): StartedTarget {
  return { instances: async () => instances, redisRoles: async () => redis, desiredReplicas: () => instances.length } as unknown as StartedTarget;
}

const step = (scenario: string) => ASSESSMENT_CASES.find((c) => c.scenario === scenario)!;
const spread = [instance('app-1', 'node-1'), instance('app-2', 'node-2')];
const together = [instance('app-1', 'node-1'), instance('app-2', 'node-1')];

describe('assessment', () => {
  it('takes the guide steps only: one per scenario, no negative control', () => {
    expect(ASSESSMENT_CASES.map((c) => c.expect)).toEqual(ASSESSMENT_CASES.map(() => 'valid'));
    expect(new Set(ASSESSMENT_CASES.map((c) => c.scenario)).size).toBe(ASSESSMENT_CASES.length);
    expect(ASSESSMENT_CASES).toHaveLength(8);
  });

  it('says the Redis failover is not applicable without Redis, and applicable with one node (where it can fail)', async () => {
    expect(await notApplicable(step('redis-sentinel-failover'), deployment(spread, {}))).toMatch(/^the application runs no Redis/);
    expect(await notApplicable(step('redis-sentinel-failover'), deployment(spread, { redis: 'master' }))).toBeUndefined();
  });

  it('runs node termination on spread instances and the single-node step on shared ones, never both', async () => {
    expect(await notApplicable(step('node-termination'), deployment(spread, {}))).toBeUndefined();
    expect(await notApplicable(step('single-node'), deployment(spread, {}))).toBe(
      'its instances are on 2 nodes (app-1 on node-1, app-2 on node-2), not all on one as in the ReadWriteOnce layout this step is for',
    );
    expect(await notApplicable(step('node-termination'), deployment(together, {}))).toMatch(/^its instances share a node \(app-1 on node-1, app-2 on node-1\)/);
    expect(await notApplicable(step('single-node'), deployment(together, {}))).toBeUndefined();
  });

  it('reconfigures nothing, and scales the clustered-instance step from what is deployed', () => {
    const target = deployment(spread, {});
    for (const c of ASSESSMENT_CASES) expect(assessedCase(c, target)).toMatchObject({ topology: {}, mode: 'assessment' });
    expect(assessedCase(step('clustered-instance'), target).plan).toEqual({ fault: 'scale', steps: [3] });
    expect(assessedCase(step('pod-deletion'), target).plan).toEqual(step('pod-deletion').plan);
  });
});
