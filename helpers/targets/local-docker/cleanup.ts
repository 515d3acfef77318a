// Removes what a run created, by its run-id label: at teardown, at `target:down`, and in a later
// preflight for runs whose lease expired (their owner went: Ctrl-C, a crash, kill -9), whatever
// PID namespace that owner lived in. See run-liveness.ts for what counts as live.
import type Dockerode from 'dockerode';
import { log } from '../../log/log.js';
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
export async function removeExpiredRuns(): Promise<string[]> {
  const docker = await dockerApi();
  // Networks before containers: a run's keeper is created before its networks, so a run whose
  // network is listed here has its keeper in the container listing that follows.
  const networks = await docker.listNetworks({ filters: { label: [LABELS.run] } });
  const containers = await docker.listContainers({ all: true, filters: { label: [LABELS.run] } });
  const resources = [...networks.map((n) => n.Labels ?? {}), ...containers.map((c) => c.Labels)];
  const judgements = judgeRuns(resources, await leaseRecords(docker, containers), { now: new Date(), alive });
  const removed: string[] = [];
  for (const { runId, why } of judgements.filter((j) => !j.live)) {
    const names = await removeRuns([runId]);
    removed.push(...names);
    log.info(`preflight: removed run ${runId}, ${why}: ${names.join(', ') || 'nothing left to remove'}`);
  }
  return removed;
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
