// Removes what a run created, by its run-id label: at teardown, at `target:down`, and in a later
// preflight for runs whose lease expired (their owner went: Ctrl-C, a crash, kill -9), whatever
// PID namespace that owner lived in. See run-liveness.ts for what counts as live.
import { hostname } from 'node:os';
import type Dockerode from 'dockerode';
import { log } from '../../log/log.js';
import { waitFor } from '../../wait/wait-for.js';
import { containerName, dockerApi, isGone, isLease } from '../../docker/docker-api.js';
import { LABELS } from '../../docker/labels.js';
import { judgeRuns, type LeaseRecord } from './run-liveness.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}


/** Removes the containers and networks of the given runs, their leases last; returns the names removed. */
export async function removeRuns(runIds: string[]): Promise<string[]> {
  const docker = await dockerApi();
  const removed: string[] = [];
  const removeContainers = (containers: Dockerode.ContainerInfo[]) =>
    Promise.all(
      containers.map(async (c) => {
        const name = containerName(c);
        // Only what was really removed is reported; a failure is said, not hidden.
        await docker.getContainer(c.Id).remove({ force: true, v: true }).then(
          () => removed.push(name),
          (error: Error) => isGone(error) || log.warn(`could not remove container ${name}: ${error.message}`),
        );
      }),
    );
  for (const runId of runIds) {
    const filters = { label: [`${LABELS.run}=${runId}`] };
    const containers = await docker.listContainers({ all: true, filters });
    await removeContainers(containers.filter((c) => !isLease(c)));
    for (const network of await docker.listNetworks({ filters })) {
      await docker.getNetwork(network.Id).remove().then(
        () => removed.push(`network ${network.Name}`),
        (error: Error) => isGone(error) || log.warn(`could not remove network ${network.Name}: ${error.message}`),
      );
    }
    // Last, so that the run stays live for every other preflight until the rest is gone.
    await removeContainers(containers.filter(isLease));
  }
  return removed;
}

async function leaseRecords(docker: Dockerode, containers: Dockerode.ContainerInfo[]): Promise<LeaseRecord[]> {
  const leases = containers.filter(isLease);
  const records = await Promise.all(
    leases.map(async (c): Promise<LeaseRecord | undefined> => {
      const info = await docker.getContainer(c.Id).inspect().catch((error: unknown) => {
        if (isGone(error)) return undefined;
        throw error;
      });
      if (!info) return undefined;
      const finishedAt = new Date(info.State.FinishedAt);
      return {
        runId: c.Labels[LABELS.run]!,
        name: containerName(c),
        status: info.State.Status,
        created: new Date(info.Created),
        // Docker says 0001-01-01T00:00:00Z for a container that never stopped.
        ...(finishedAt.getTime() > 0 ? { finishedAt } : {}),
        ...(c.Labels[LABELS.kept] ? { keptAt: c.Labels[LABELS.kept] } : {}),
      };
    }),
  );
  return records.filter((r) => r !== undefined);
}

/** Finds runs whose lease expired (or, without one, whose owner PID is dead here) and removes them, saying which and why. */
export async function removeExpiredRuns(by = 'preflight'): Promise<string[]> {
  const docker = await dockerApi();
  // Networks before containers: a run's keeper is created before its networks, so a run whose
  // network is listed here has its keeper in the container listing that follows.
  const networks = await docker.listNetworks({ filters: { label: [LABELS.run] } });
  const containers = await docker.listContainers({ all: true, filters: { label: [LABELS.run] } });
  const resources = [...networks.map((n) => n.Labels ?? {}), ...containers.map((c) => c.Labels)];
  const judgements = judgeRuns(resources, await leaseRecords(docker, containers), { now: new Date(), alive });
  const removed = await Promise.all(
    judgements
      .filter((j) => !j.live)
      .map(async ({ runId, why }) => {
        const names = await removeRuns([runId]);
        log.info(`${by}: removed run ${runId}, ${why}: ${names.join(', ') || 'nothing left to remove'}`);
        return names;
      }),
  );
  return removed.flat();
}

/**
 * At a test run's end: the runs that its test processes, now exited, left (a process's idle
 * targets, target-pool.ts), once the engine has seen their leases end, which takes it a moment.
 * A process of this host still running keeps its runs.
 */
export async function removeRunsOfExitedProcesses({ timeoutMs = 10_000 } = {}): Promise<string[]> {
  const docker = await dockerApi();
  const filters = { label: [`${LABELS.ownerHost}=${hostname()}`, `${LABELS.role}=lease`] };
  await waitFor(
    'the leases of exited test processes to end',
    async () => {
      const held = (await docker.listContainers({ filters })).filter((c) => !alive(Number(c.Labels[LABELS.owner])));
      return { done: held.length === 0, state: held.map(containerName).join(', ') || 'none held' };
    },
    { timeoutMs },
  ).catch((error: Error) => log.warn(`${error.message}; their runs are left to the next preflight`));
  return removeExpiredRuns('teardown');
}

let preflight: Promise<string[]> | undefined;

/**
 * removeExpiredRuns, once per process: every target start and setup asks, the first does it. A
 * failed attempt is forgotten, so the next asker tries again.
 */
export function removeExpiredRunsOnce(): Promise<string[]> {
  preflight ??= removeExpiredRuns().catch((error: unknown) => {
    preflight = undefined;
    throw error;
  });
  return preflight;
}
