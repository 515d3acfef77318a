// The embedded target's deployments, kept between the scenarios a test process runs (its files
// one after another: the scenarios project does not isolate them), as a cluster is between
// scenarios. A scenario that asks for a layout gets, in this order: an idle deployment of that
// very layout, put back as its start left it; an idle one's infrastructure (PostgreSQL, Redis,
// the run's networks) with the layout's instances and load balancer deployed afresh on it; a new
// target. So it pays for its own fault, not for initdb and instance starts. What a scenario
// failed on is never reused; at most MAX_IDLE wait. vitest stops a test process as soon as no
// file is left for it, which ends its targets' leases: the run's teardown (scenarios-setup.ts),
// or any later preflight, removes them.
import { log } from '../log/log.js';
import type { LocalTarget } from '../targets/local-docker/local-target.js';
import type { StartedLocalTarget } from '../targets/local-docker/started-local-target.js';

/** Two layouts' worth: a file's valid case and its negative control, for the next file's. */
const MAX_IDLE = 2;

/** Most recently released last. */
let idle: StartedLocalTarget[] = [];

/** Out of the pool: the most recently released that `fits`. */
const take = (fits: (t: StartedLocalTarget) => boolean) => {
  const found = [...idle].reverse().find(fits);
  idle = idle.filter((t) => t !== found);
  return found;
};

const stopQuietly = (target: StartedLocalTarget, why: string) =>
  target.stop().catch((error: Error) => log.warn(`removing the idle target ${target.description.runId} (${why}): ${error.message}`));

/** Whether `work` put `target` back; when not, says why. */
const putBack = (target: StartedLocalTarget, what: string, work: () => Promise<void>) =>
  work().then(
    () => true,
    (error: Error) => {
      log.warn(`not reusing ${what} of ${target.description.runId}: ${error.message}`);
      return false;
    },
  );

/** A target of the builder's layout, from what waits idle when it can be put back. */
export async function pooledTarget(builder: LocalTarget): Promise<StartedLocalTarget> {
  const same = take((t) => t.layoutKey === builder.layoutKey());
  if (same && (await putBack(same, 'the deployment', () => same.putBack()))) {
    log.info(`the deployment on ${same.description.runId} serves this layout again, put back as its start left it`);
    return same;
  }
  const host = same ?? take((t) => t.infrastructure.key === builder.infrastructureKey());
  if (host) {
    const reused = await putBack(host, 'the infrastructure', async () => {
      await host.stopDeployment();
      await host.infrastructure.putBack();
    });
    if (reused) return builder.startOn(host.infrastructure);
    await stopQuietly(host, 'it could not be put back');
  }
  return builder.start();
}

/** Back to the pool after a scenario that ended well, as it is: the next of its layout may take it. */
export async function releaseTarget(target: StartedLocalTarget): Promise<void> {
  idle.push(target);
  await Promise.all(idle.splice(0, Math.max(0, idle.length - MAX_IDLE)).map((t) => stopQuietly(t, 'the pool is full')));
}

/** Removes every idle target now. */
export async function drainTargetPool(): Promise<void> {
  const waiting = idle;
  idle = [];
  await Promise.all(waiting.map((t) => stopQuietly(t, 'the pool is drained')));
}
