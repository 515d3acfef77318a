// The target a scenario runs against, started for one test and stopped when it ends (left up
// for inspection when it failed and KEEP_ON_FAILURE=1).
import { onTestFailed, onTestFinished } from 'vitest';
import { log } from '../log/log.js';
import type { StartedLocalTarget } from '../targets/local-docker/started-local-target.js';
import type { TopologyOptions } from '../targets/local-docker/topology-options.js';
import { localTarget } from './local-target.js';

export async function suiteTarget(topology: Partial<TopologyOptions> = {}): Promise<StartedLocalTarget> {
  const target = await localTarget().withOptions(topology).start();
  let failed = false;
  onTestFailed(() => {
    failed = true;
  });
  onTestFinished(async () => {
    if (failed && process.env.KEEP_ON_FAILURE === '1') {
      log.info(`KEEP_ON_FAILURE=1: leaving ${target.description.runId} up; remove it with npm run target:down`);
      return;
    }
    await target.stop();
  });
  return target;
}
