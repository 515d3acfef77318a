// Assessment mode: the guide's steps against an application the suite does not own (the
// Entando 6.2 App Engine, an EntandoApp on a cluster). No negative controls and no switch is
// turned: each step runs on the application as it is deployed, and its verdict is the finding.
// A step the deployment cannot take (a Redis failover where there is no Redis) is not
// applicable, with the reason, and never counts as holding.
import { CATALOG, type ScenarioCase } from './catalog.js';
import type { StartedTarget } from '../targets/target.js';

/** The guide's steps, one per scenario: the catalog's cases that are not negative controls. */
// Mixed versions are made by the suite (a switch of the reference app), not found in a deployment;
// a case under load is its scenario again (the assessment runs under load with --load).
export const ASSESSMENT_CASES: readonly ScenarioCase[] = CATALOG.filter((c) => c.expect === 'valid' && c.scenario !== 'mixed-versions' && !c.load).map((c) =>
  c.plan.fault === 'scale' ? { ...c, title: 'Clustered instance (scale up by one)' } : c,
);

/** Where the instances are: how many nodes they use, and who is on which, in words. */
async function placement(target: StartedTarget) {
  const instances = await target.instances();
  return { instances: instances.length, nodes: new Set(instances.map((i) => i.node)).size, where: instances.map((i) => `${i.name} on ${i.node}`).join(', ') };
}

/** Why the step cannot run on the application as deployed; undefined when it can. */
export async function notApplicable(c: ScenarioCase, target: StartedTarget): Promise<string | undefined> {
  switch (c.scenario) {
    case 'redis-sentinel-failover': {
      const members = Object.keys(await target.redisRoles());
      // One Redis node is a layout the step can judge (nothing is promoted); no Redis is not.
      return members.length === 0 ? 'the application runs no Redis: there is no master to kill and no failover to watch (its cache is each instance\'s own)' : undefined;
    }
    case 'node-termination': {
      const p = await placement(target);
      return p.nodes < p.instances ? `its instances share a node (${p.where}): terminating one node is the single-node step there` : undefined;
    }
    case 'single-node': {
      const p = await placement(target);
      return p.nodes !== 1 ? `its instances are on ${p.nodes} nodes (${p.where}), not all on one as in the ReadWriteOnce layout this step is for` : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The case as it runs on a deployed application: its layout as it is (no reconfiguration),
 * and the clustered-instance step scaling to one instance more than are deployed, since the
 * guide's "scale to 2" starts from what the operator runs. No load unless asked for (`--load`):
 * what rate an application takes on a given machine is its own, not the self-test's.
 */
export function assessedCase(c: ScenarioCase, target: StartedTarget): ScenarioCase {
  const deployed = target.desiredReplicas();
  const assessed = { ...c, topology: {}, load: undefined, mode: 'assessment' as const };
  return c.plan.fault === 'scale' ? { ...assessed, plan: { fault: 'scale', steps: [deployed + 1] } } : assessed;
}
