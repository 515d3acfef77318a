// A run's lease: ownership the Docker engine can see from any PID namespace. The lease is a tiny
// keeper container that runs `cat` on its stdin; the owner attaches to that stdin (a hijacked
// connection, as `docker run -i` does) and holds it, writing nothing, for the life of the run.
// When the owner goes, however it goes (kill -9 included), the kernel closes the connection, the
// engine closes the keeper's stdin (StdinOnce), `cat` ends and the keeper exits: the lease has
// expired, and the keeper's FinishedAt says when. Nothing to renew, so a stalled owner (a paused
// debugger, a loaded machine) does not lose its run.
import { Socket } from 'node:net';
import type Dockerode from 'dockerode';
import { log } from '../log/log.js';
import { dockerApi, removeContainer } from './docker-api.js';
import { currentOwner, LABELS, ownerLabels, type RunOwner } from './labels.js';

export const keeperName = (runId: string) => `${runId}-lease`;
const keptMarkerName = (runId: string) => `${runId}-kept`;

/** A lease's container, keeper or kept marker: `cat` (every image has it; the image's own entrypoint, redis-server's say, is not wanted), no network. */
const leaseContainer = (name: string, image: string, labels: Record<string, string>): Dockerode.ContainerCreateOptions => ({
  name,
  Image: image,
  Entrypoint: ['cat'],
  Labels: labels,
  HostConfig: { NetworkMode: 'none' },
});

function leaseLabels(runId: string, owner: RunOwner, extra: Record<string, string> = {}): Record<string, string> {
  return { ...ownerLabels(runId, owner), [LABELS.role]: 'lease', ...extra };
}


export class Lease {
  private released = false;

  constructor(
    readonly runId: string,
    private readonly keeper: Dockerode.Container,
    private readonly stream: Socket,
    private readonly image: string,
    private readonly owner: RunOwner,
  ) {
    // Errors end the connection like a close does; the close is what matters.
    stream.on('error', () => {});
    stream.on('close', () => {
      if (this.released) return;
      log.warn(
        `the lease of ${runId} ended while its owner still runs (keeper ${keeperName(runId)} stopped or was removed: ` +
          'target:down, docker rm, an engine restart): any preflight may now remove this run',
      );
    });
  }

  /**
   * Holds the lease while `work` removes the run (so no other preflight judges it expired
   * half-way), then releases it; the keeper going during that work is not a lost lease.
   */
  async releaseAfter<T>(work: () => Promise<T>): Promise<T> {
    this.released = true;
    try {
      return await work();
    } finally {
      await this.release();
    }
  }

  /** Ends the lease: the keeper exits with the connection and is removed. Idempotent. */
  async release(): Promise<void> {
    this.released = true;
    this.stream.destroy();
    await removeContainer(this.keeper).catch((error: Error) =>
      log.warn(`could not remove the keeper of ${this.runId}'s lease: ${error.message}`),
    );
  }

  /**
   * Leaves the run up beyond its owner (KEEP_ON_FAILURE=1): a marker that is never started and
   * says "kept" takes the lease's place, so every preflight leaves the run until `target:down`.
   * The marker is created before the keeper goes, so the run is never without a lease.
   */
  async keep(): Promise<void> {
    const docker = await dockerApi();
    await docker
      .createContainer(leaseContainer(keptMarkerName(this.runId), this.image, leaseLabels(this.runId, this.owner, { [LABELS.kept]: new Date().toISOString() })))
      .catch((error: Error) => {
        throw new Error(`could not mark run ${this.runId} as kept (container ${keptMarkerName(this.runId)}): ${error.message}`, {
          cause: error,
        });
      });
    await this.release();
  }
}

/**
 * Takes the lease of a new run: created first, before anything else of the run, so that a
 * preflight that finds any part of a run also finds its lease (a keeper created but not yet
 * started counts as live for a short grace, see run-liveness.ts).
 */
export async function takeLease(runId: string, image: string, owner: RunOwner = currentOwner()): Promise<Lease> {
  const docker = await dockerApi();
  const name = keeperName(runId);
  const keeper = await docker
    .createContainer({ ...leaseContainer(name, image, leaseLabels(runId, owner)), OpenStdin: true, StdinOnce: true, AttachStdin: true })
    .catch((error: Error) => {
      throw new Error(`could not create the lease of ${runId} (keeper ${name}, image ${image}): ${error.message}`, { cause: error });
    });
  let lease: Lease | undefined;
  try {
    // Attached before it starts, as `docker run -i` does, so that stdin is ours from the first
    // byte; stdout too (cat prints nothing, as nothing is written), because only an attached
    // output makes the engine close the connection when the keeper stops under a live owner.
    const stream = await keeper.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true });
    stream.resume();
    if (!(stream instanceof Socket)) throw new Error(`attaching to ${name} gave a ${stream.constructor.name}, not a socket`);
    lease = new Lease(runId, keeper, stream, image, owner);
    await keeper.start();
    // The lease must not keep its owner's process alive: it ends with the process, not the other way round.
    stream.unref();
    return lease;
  } catch (error) {
    await (lease ? lease.release() : removeContainer(keeper).catch(() => {}));
    throw new Error(`could not take the lease of ${runId} (keeper ${name}): ${(error as Error).message}`, { cause: error });
  }
}
