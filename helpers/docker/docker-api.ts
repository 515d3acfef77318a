// The Docker engine's API (dockerode, as testcontainers configures it), for listing, killing,
// pausing and reading logs without spawning a CLI process each time.
import type Dockerode from 'dockerode';
import { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { getContainerRuntimeClient } from 'testcontainers';
import { LABELS } from './labels.js';

// Ryuk, testcontainers' reaper, is an image that cannot be pulled here; runs are cleaned up by
// their run-id label and lease instead (targets/local-docker/cleanup.ts).
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';

let api: Promise<Dockerode> | undefined;

export function dockerApi(): Promise<Dockerode> {
  api ??= getContainerRuntimeClient().then((client) => client.container.dockerode);
  return api;
}

export async function runContainers(runId: string, filters: Record<string, string> = {}) {
  const labels = [`${LABELS.run}=${runId}`, ...Object.entries(filters).map(([k, v]) => `${k}=${v}`)];
  return (await dockerApi()).listContainers({ all: true, filters: { label: labels } });
}

/** Whether a Docker error says the object is already gone (404) or being removed by someone else (409). */
export const isGone = (error: unknown) => [404, 409].includes((error as { statusCode?: number }).statusCode ?? 0);

/** Removes a container and its anonymous volumes; already gone is as good as removed. */
export async function removeContainer(container: Dockerode.Container): Promise<void> {
  await container.remove({ force: true, v: true }).catch((error: unknown) => {
    if (!isGone(error)) throw error;
  });
}

/** Whether a listed container is a run's lease keeper (docker/lease.ts). */
export const isLease = (c: Dockerode.ContainerInfo) => c.Labels[LABELS.role] === 'lease';

/** A listed container's name (Docker lists names with a leading slash), or its id when it has none. */
export const containerName = (c: Dockerode.ContainerInfo): string => c.Names[0]?.replace(/^\//, '') ?? c.Id;

const DEMUX_SLICE_BYTES = 2 * 1024;

/** Docker's multiplexed log stream (8-byte frame headers, stdout and stderr interleaved) as text lines. */
export async function demuxedLines(docker: Dockerode, raw: Buffer): Promise<string[]> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  // In slices: dockerode's demuxer recurses once per frame within a chunk, and a whole log of
  // tens of thousands of frames (an App Engine's) in one chunk overflowed the stack. Small ones:
  // it copies the rest of the chunk at every frame (100,000 frames took 3.4 s in 16 KiB slices,
  // 1.2 s in 2 KiB ones).
  const slices = Array.from({ length: Math.ceil(raw.length / DEMUX_SLICE_BYTES) }, (_, i) => raw.subarray(i * DEMUX_SLICE_BYTES, (i + 1) * DEMUX_SLICE_BYTES));
  const source = Readable.from(slices);
  docker.modem.demuxStream(source, sink, sink);
  await finished(source);
  return Buffer.concat(chunks).toString('utf8').split('\n').filter((line) => line.length > 0);
}

export async function containerLogs(nameOrId: string): Promise<string[]> {
  const docker = await dockerApi();
  const raw = (await docker.getContainer(nameOrId).logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
  return demuxedLines(docker, raw);
}

/** A container's memory as `docker stats` shows it: usage without the page cache. */
export async function containerMemoryBytes(id: string): Promise<number> {
  const stats = await (await dockerApi()).getContainer(id).stats({ stream: false });
  const cache = (stats.memory_stats.stats as Record<string, number> | undefined)?.total_inactive_file ?? stats.memory_stats.stats?.cache ?? 0;
  return stats.memory_stats.usage - cache;
}
