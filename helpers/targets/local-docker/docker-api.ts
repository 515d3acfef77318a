// The Docker engine's API (dockerode, as testcontainers configures it), for listing, killing,
// pausing and reading logs without spawning a CLI process each time.
import type Dockerode from 'dockerode';
import { getContainerRuntimeClient } from 'testcontainers';
import './chaos-container.js';
import { LABELS } from './labels.js';

let api: Promise<Dockerode> | undefined;

export function dockerApi(): Promise<Dockerode> {
  api ??= getContainerRuntimeClient().then((client) => client.container.dockerode);
  return api;
}

export async function runContainers(runId: string, filters: Record<string, string> = {}) {
  const labels = [`${LABELS.run}=${runId}`, ...Object.entries(filters).map(([k, v]) => `${k}=${v}`)];
  return (await dockerApi()).listContainers({ all: true, filters: { label: labels } });
}

/** A listed container's name (Docker lists names with a leading slash), or its id when it has none. */
export const containerName = (c: Dockerode.ContainerInfo): string => c.Names[0]?.replace(/^\//, '') ?? c.Id;

/** Splits Docker's multiplexed log stream (8-byte frame headers) into text lines. */
export function demuxLogs(buffer: Buffer): string[] {
  const chunks: string[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    chunks.push(buffer.subarray(offset + 8, offset + 8 + size).toString('utf8'));
    offset += 8 + size;
  }
  return chunks.join('').split('\n').filter((line) => line.length > 0);
}

export async function containerLogs(nameOrId: string): Promise<string[]> {
  const container = (await dockerApi()).getContainer(nameOrId);
  const raw = (await container.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
  return demuxLogs(raw);
}

/** A container's memory as `docker stats` shows it: usage without the page cache. */
export async function containerMemoryBytes(id: string): Promise<number> {
  const stats = await (await dockerApi()).getContainer(id).stats({ stream: false });
  const cache = (stats.memory_stats.stats as Record<string, number> | undefined)?.total_inactive_file ?? stats.memory_stats.stats?.cache ?? 0;
  return stats.memory_stats.usage - cache;
}
