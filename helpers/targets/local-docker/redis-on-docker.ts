// The embedded target's Redis as redis-topology.ts reads it: every member and sentinel a
// container of the run, redis-cli run in it by docker exec, its logs read from Docker.
import type { StartedTestContainer } from 'testcontainers';
import { containerLogs } from '../../docker/docker-api.js';
import { redisCliCommand, type RedisDeployment, type RedisServer } from '../redis-topology.js';
import { INFRA_NODE } from './infra.js';
import { MASTER_SET, SENTINEL_PORT } from './sentinel-config.js';

/** Members and sentinels of the Sentinel layout, as in the project the guide links. */
export const SENTINEL_MEMBERS = 3;
const SETTLE_TIMEOUT_MS = 60_000;

export interface Placed {
  container: StartedTestContainer;
  node: string;
}

export interface RedisParts {
  /** The one-node layout's Redis. */
  redis?: StartedTestContainer;
  /** The Sentinel layout's redis-<i> and sentinel-<i>, by index; a member a node restore replaced is replaced here. */
  redisMembers: Map<number, Placed>;
  sentinels: Map<number, Placed>;
}

export interface DockerRedisServer extends RedisServer {
  container: StartedTestContainer;
}

function dockerServer(name: string, { container, node }: Placed, port?: number): DockerRedisServer {
  return {
    name,
    node,
    // Hosts by name: the members announce theirs, the sentinels resolve and announce names.
    addresses: [name],
    container,
    redisCli: (args) =>
      container.exec(redisCliCommand(args, port)).then(
        (r) => ({ exitCode: r.exitCode, output: r.exitCode === 0 ? r.stdout : r.output }),
        (error: Error) => ({ exitCode: -1, output: `docker exec failed: ${error.message}` }),
      ),
  };
}

export const memberServers = (members: Map<number, Placed>) => [...members].map(([i, placed]) => dockerServer(`redis-${i}`, placed));
const sentinelServers = (sentinels: Map<number, Placed>) => [...sentinels].map(([i, placed]) => dockerServer(`sentinel-${i}`, placed, SENTINEL_PORT));

/** A Redis server's container by the name faults and roles use. */
export function redisContainer(parts: RedisParts, name: string): StartedTestContainer {
  if (name === 'redis' && parts.redis) return parts.redis;
  const member = parts.redisMembers.get(Number(/^redis-(\d+)$/.exec(name)?.[1]));
  if (!member) throw new Error(`no redis named ${name} in this run`);
  return member.container;
}

/** The run's Redis, read live from its parts; undefined for a run without Redis. */
export function dockerRedis(parts: RedisParts): RedisDeployment<DockerRedisServer> | undefined {
  const { redis } = parts;
  if (redis) {
    return {
      layout: 'single',
      masterSet: MASTER_SET,
      size: { members: 1, sentinels: 0 },
      settleTimeoutMs: SETTLE_TIMEOUT_MS,
      members: async () => [dockerServer('redis', { container: redis, node: INFRA_NODE })],
      sentinels: async () => [],
    };
  }
  if (parts.redisMembers.size === 0) return undefined;
  return {
    layout: 'sentinel',
    masterSet: MASTER_SET,
    size: { members: SENTINEL_MEMBERS, sentinels: SENTINEL_MEMBERS },
    settleTimeoutMs: SETTLE_TIMEOUT_MS,
    members: async () => memberServers(parts.redisMembers),
    sentinels: async () => sentinelServers(parts.sentinels),
  };
}

/** Each sentinel's and Redis server's log, by the name faults and roles use. */
export async function dockerRedisLogs(parts: RedisParts): Promise<{ name: string; lines: string[] }[]> {
  const redis = dockerRedis(parts);
  const servers = redis ? [...(await redis.sentinels()), ...(await redis.members())] : [];
  return Promise.all(
    servers.map(async ({ name, container }) => ({
      name,
      lines: await containerLogs(container.getId()).catch((error: Error) => [`(no logs: ${error.message})`]),
    })),
  );
}
