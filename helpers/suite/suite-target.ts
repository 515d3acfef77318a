// The target a scenario runs against, for one test: the embedded target by default, in the
// scenario's topology, from the target pool (what earlier scenarios of the test process left,
// put back) and back to it at the end; or, with CHAOS_TARGET=kind, the cluster
// `npm run cluster:up` made, reconfigured for the scenario and put back at the end. Left as it
// is for inspection when the test failed and KEEP_ON_FAILURE=1.
import { onTestFinished, type TestContext } from 'vitest';
import { log } from '../log/log.js';
import { REPORTS_DIR } from '../paths.js';
import { envVar } from './environment.js';
import { CLUSTER_NAME, exportKindLogs } from '../targets/kubernetes/kind-cli.js';
import { KubernetesTarget } from '../targets/kubernetes/kubernetes-target.js';
import type { TopologyOptions } from '../targets/topology.js';
import type { StartedTarget } from '../targets/target.js';
import { localTarget } from './local-target.js';
import { pooledTarget, releaseTarget } from './target-pool.js';
import { targetKind } from './target-kind.js';

export async function suiteTarget(topology: Partial<TopologyOptions> = {}): Promise<StartedTarget> {
  // vitest calls onTestFinished before onTestFailed: the test's own state says whether it failed.
  const failed = ({ task }: TestContext) => task.result?.state === 'fail';
  const keep = (context: TestContext) => failed(context) && envVar('KEEP_ON_FAILURE');
  if (targetKind() === 'kind') {
    const target = await new KubernetesTarget().start();
    let restore: (() => Promise<void>) | undefined;
    // Registered before configuring, so that a failed configuration (which puts back its own
    // half-way changes) still gets its logs exported and the target stopped.
    onTestFinished(async (context) => {
      if (failed(context)) await exportKindLogs(CLUSTER_NAME, `${REPORTS_DIR}/kind-logs`).catch((error: Error) => log.warn(`kind export logs failed: ${error.message}`));
      if (!keep(context)) await restore?.();
      await target.stop();
    });
    restore = await target.configure(topology);
    return target;
  }
  const target = await pooledTarget(localTarget().withOptions(topology));
  onTestFinished(async (context) => {
    if (keep(context)) {
      // Without this, the run's lease would expire with this process and the next preflight remove it.
      await target.keep();
      log.info(`KEEP_ON_FAILURE=1: leaving ${target.description.runId} up; remove it with npm run target:down`);
      return;
    }
    // What a failed test leaves is not trusted to the next scenario.
    await (failed(context) ? target.stop() : releaseTarget(target));
  });
  return target;
}
