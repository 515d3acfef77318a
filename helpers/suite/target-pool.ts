// The embedded target's infrastructure (PostgreSQL, Redis, the run's networks) shared by the
// scenarios of one test file, one after another, as a cluster's database and Redis are: each
// scenario deploys its own instances and load balancer on it and removes them at its end, so it
// pays for its layout's instances only, not for initdb. At most one infrastructure waits idle;
// what a scenario failed on is never reused, and the file's end removes what is left.
import { log } from '../log/log.js';
import type { LocalInfrastructure } from '../targets/local-docker/infrastructure.js';
import type { LocalTarget } from '../targets/local-docker/local-target.js';
import type { StartedLocalTarget } from '../targets/local-docker/started-local-target.js';

let idle: LocalInfrastructure | undefined;

/** A target of the builder's layout, on the idle infrastructure when it has the layout's key and can be put back. */
export async function pooledTarget(builder: LocalTarget): Promise<StartedLocalTarget> {
  const key = builder.infrastructureKey();
  const waiting = idle;
  idle = undefined;
  let infra: LocalInfrastructure | undefined;
  if (waiting?.key === key) {
    infra = await waiting.putBack().then(
      () => waiting,
      async (error: Error) => {
        log.warn(`not reusing ${waiting.ctx.runId}: ${error.message}`);
        await waiting.stop();
        return undefined;
      },
    );
  }
  // Another layout's: removed while this one starts.
  const removing = infra ? undefined : waiting?.stop();
  try {
    return await builder.startOn(infra ?? (await builder.startInfrastructure()));
  } finally {
    await removing?.catch((error: Error) => log.warn(`removing the idle infrastructure ${waiting?.ctx.runId}: ${error.message}`));
  }
}

/** Back to the pool after a scenario that ended well: its deployment removed, its infrastructure left for the next. */
export async function releaseTarget(target: StartedLocalTarget): Promise<void> {
  try {
    await target.stopDeployment();
  } catch (error) {
    await target.infrastructure.stop();
    throw error;
  }
  await drainTargetPool();
  idle = target.infrastructure;
}

/** Removes the idle infrastructure: at each test file's end (scenario-file-setup.ts). */
export async function drainTargetPool(): Promise<void> {
  const waiting = idle;
  idle = undefined;
  await waiting?.stop();
}
