// Redis Sentinel as in the Sentinel project Entando's guide links (bitnami chart): master set
// mymaster, quorum 2, down-after 2000 ms; hosts by name, so a restarted pod keeps its identity.

export const SENTINEL_PORT = 26379;
export const REDIS_PORT = 6379;
export const MASTER_SET = 'mymaster';
export const QUORUM = 2;
export const DOWN_AFTER_MS = 2_000;

export function sentinelConfig(self: string, masterHost: string): string {
  return `port ${SENTINEL_PORT}
sentinel resolve-hostnames yes
sentinel announce-hostnames yes
sentinel announce-ip ${self}
sentinel monitor ${MASTER_SET} ${masterHost} ${REDIS_PORT} ${QUORUM}
sentinel down-after-milliseconds ${MASTER_SET} ${DOWN_AFTER_MS}
sentinel failover-timeout ${MASTER_SET} 10000
sentinel parallel-syncs ${MASTER_SET} 1
`;
}

/** Every Redis of the suite: a cache, so nothing is persisted. */
const REDIS_SERVER = ['redis-server', '--port', String(REDIS_PORT), '--protected-mode', 'no', '--save', '', '--appendonly', 'no'];

/** redis-server arguments for one member of the replication set. */
export function redisArgs(self: string, masterHost: string | undefined): string[] {
  return [
    ...REDIS_SERVER,
    '--replica-announce-ip', self,
    // Redis 7 waits 5 s for more replicas before a full sync; on a tiny data set that wait is
    // the whole time a replica takes to link, at start and after every failover.
    '--repl-diskless-sync-delay', '0',
    ...(masterHost && masterHost !== self ? ['--replicaof', masterHost, String(REDIS_PORT)] : []),
  ];
}

/**
 * redis-server arguments for the one-node layout: a master that no command can make a replica.
 * On a cluster, sentinels that knew an address send REPLICAOF to whatever pod reuses it; a
 * one-node Redis so reconfigured answers every write with READONLY (seen on kind).
 */
export function singleRedisArgs(): string[] {
  return [
    ...REDIS_SERVER,
    '--rename-command', 'REPLICAOF', '',
    '--rename-command', 'SLAVEOF', '',
  ];
}
