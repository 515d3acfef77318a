// The embedded target's Sentinel layout, started as the bitnami chart starts it: redis-0 the
// first master, the others replicating from it, then the sentinels. A sentinel learns replicas
// from the master's INFO, every 10 s: started once the replicas are linked, its first look
// finds them, and the set settles in about the time the sentinels take to hear each other.
import { findRedisMaster, waitForReplicasLinked } from '../redis-topology.js';
import { startRedisMember, startSentinel } from './infra.js';
import { dockerRedis, memberServers, SENTINEL_MEMBERS, type Placed, type RedisParts } from './redis-on-docker.js';
import type { RunContext } from './run-context.js';

const FIRST_MASTER = 'redis-0';

/** Starts the members and the sentinels spread over `nodes`; the caller waits for the set to settle. */
export async function startSentinelSet(ctx: RunContext, nodes: string[]): Promise<Pick<RedisParts, 'redisMembers' | 'sentinels'>> {
  const nodeOf = (i: number) => nodes[i % nodes.length]!;
  const indexes = Array.from({ length: SENTINEL_MEMBERS }, (_, i) => i);
  const place = async (start: (i: number) => Promise<Placed['container']>) =>
    new Map<number, Placed>(await Promise.all(indexes.map(async (i) => [i, { container: await start(i), node: nodeOf(i) }] as const)));
  const redisMembers = await place((i) => startRedisMember(ctx, i, nodeOf(i), FIRST_MASTER));
  const members = memberServers(redisMembers);
  await waitForReplicasLinked(members, members.find((m) => m.name === FIRST_MASTER)!);
  const sentinels = await place((i) => startSentinel(ctx, i, nodeOf(i), FIRST_MASTER));
  return { redisMembers, sentinels };
}

/**
 * The set's members and sentinels of a restored node come back where they were, as StatefulSet
 * pods do: replicating from the master the sentinels name, watching it.
 */
export async function restoreSentinelSetOnNode(ctx: RunContext, parts: RedisParts, node: string): Promise<void> {
  const redis = dockerRedis(parts);
  if (redis?.layout !== 'sentinel') return;
  const master = (await findRedisMaster(redis)).name;
  for (const [index, member] of parts.redisMembers) {
    if (member.node !== node) continue;
    await member.container.stop({ remove: true }).catch(() => {});
    parts.redisMembers.set(index, { node, container: await startRedisMember(ctx, index, node, master) });
  }
  for (const [index, sentinel] of parts.sentinels) {
    if (sentinel.node !== node) continue;
    await sentinel.container.stop({ remove: true }).catch(() => {});
    parts.sentinels.set(index, { node, container: await startSentinel(ctx, index, node, master) });
  }
}
