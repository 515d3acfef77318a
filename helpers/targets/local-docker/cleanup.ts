// Removes what a run created, by its run-id label: at teardown, and in the next run's
// preflight for runs whose owning process is gone (interrupted by Ctrl-C, a crash, a kill).
import { log } from '../../log/log.js';
import { containerName, dockerApi } from '../../docker/docker-api.js';
import { LABELS } from '../../docker/labels.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the containers and networks of the given runs; returns the names removed. */
export async function removeRuns(runIds: string[]): Promise<string[]> {
  const docker = await dockerApi();
  const removed: string[] = [];
  for (const runId of runIds) {
    const filters = { label: [`${LABELS.run}=${runId}`] };
    const containers = await docker.listContainers({ all: true, filters });
    // Only what was really removed is reported; a failure is said, not hidden.
    await Promise.all(
      containers.map(async (c) => {
        const name = containerName(c);
        await docker.getContainer(c.Id).remove({ force: true, v: true }).then(
          () => removed.push(name),
          (error: Error) => log.warn(`could not remove container ${name}: ${error.message}`),
        );
      }),
    );
    for (const network of await docker.listNetworks({ filters })) {
      await docker.getNetwork(network.Id).remove().then(
        () => removed.push(`network ${network.Name}`),
        (error: Error) => log.warn(`could not remove network ${network.Name}: ${error.message}`),
      );
    }
  }
  return removed;
}

/** Finds runs whose owner process is not alive any more and removes them, saying what it removed. */
export async function removeInterruptedRuns(): Promise<string[]> {
  const docker = await dockerApi();
  const containers = await docker.listContainers({ all: true, filters: { label: [LABELS.run] } });
  const networks = await docker.listNetworks({ filters: { label: [LABELS.run] } });
  const orphaned = new Set<string>();
  for (const labels of [...containers.map((c) => c.Labels), ...networks.map((n) => n.Labels ?? {})]) {
    const pid = Number(labels[LABELS.owner]);
    if (!Number.isInteger(pid) || !alive(pid)) orphaned.add(labels[LABELS.run]!);
  }
  if (orphaned.size === 0) return [];
  const removed = await removeRuns([...orphaned]);
  log.info(`preflight: removed what interrupted runs left (${[...orphaned].join(', ')}): ${removed.join(', ')}`);
  return removed;
}
