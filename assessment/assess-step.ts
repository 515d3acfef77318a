// One guide step of an assessment: not applicable (saved with the reason), or run on the
// deployment as it is, which is then put back as the operator had it (the clustered-instance
// step scales it up) before the next step begins.
import type { ScenarioResult } from '../helpers/report/scenario-result.js';
import { assessedCase, notApplicable } from '../helpers/suite/assessment.js';
import type { ScenarioCase } from '../helpers/suite/catalog.js';
import type { ScenarioId } from '../helpers/checkers/slo.js';
import { saveCaseNotApplicable } from '../helpers/suite/scenario.js';
import type { StartedTarget } from '../helpers/targets/target.js';
import { cacheValidation } from '../scenarios/steps/cache-validation.js';
import { clusteredInstance } from '../scenarios/steps/clustered-instance.js';
import { databaseRestart } from '../scenarios/steps/database-restart.js';
import { mixedVersions } from '../scenarios/steps/mixed-versions.js';
import { nodeTermination } from '../scenarios/steps/node-termination.js';
import { podDeletion } from '../scenarios/steps/pod-deletion.js';
import { processKill } from '../scenarios/steps/process-kill.js';
import { sentinelFailover } from '../scenarios/steps/redis-sentinel-failover.js';
import { singleNode } from '../scenarios/steps/single-node.js';
import { warmUp } from './warm-up.js';

const STEPS: Record<ScenarioId, (target: StartedTarget, c: ScenarioCase) => Promise<ScenarioResult>> = {
  'clustered-instance': async (target, c) => (await clusteredInstance(target, c)).result,
  'pod-deletion': podDeletion,
  'process-kill': processKill,
  'node-termination': nodeTermination,
  'cache-validation': cacheValidation,
  'redis-sentinel-failover': sentinelFailover,
  'single-node': singleNode,
  'database-restart': databaseRestart,
  'mixed-versions': mixedVersions,
};

export async function assessStep(target: StartedTarget, c: ScenarioCase): Promise<ScenarioResult> {
  const deployed = target.desiredReplicas();
  const wholeAgain = () => target.waitForInstancesReady(deployed, { timeoutMs: target.startupTimeoutMs * 2 });
  // Each step starts from the whole deployment, whatever the one before left starting.
  await wholeAgain();
  await warmUp(target);
  const assessed = assessedCase(c, target);
  const reason = await notApplicable(c, target);
  if (reason) return saveCaseNotApplicable(target, assessed, reason);
  try {
    return await STEPS[c.scenario](target, assessed);
  } finally {
    if (target.desiredReplicas() !== deployed) {
      await target.scale(deployed);
      await wholeAgain();
    }
  }
}
