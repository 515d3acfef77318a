import { describe, expect, it } from 'vitest';
import { redisArgs, sentinelConfig, singleRedisArgs } from './sentinel-config.js';

describe('redis sentinel configuration', () => {
  it('follows the Sentinel project the guide links: mymaster, quorum 2, down-after 2000 ms, hostnames', () => {
    const cfg = sentinelConfig('sentinel-1', 'redis-0');
    expect(cfg).toContain('sentinel monitor mymaster redis-0 6379 2');
    expect(cfg).toContain('sentinel down-after-milliseconds mymaster 2000');
    expect(cfg).toContain('sentinel announce-hostnames yes');
  });

  it('makes every member but the master a replica of it', () => {
    expect(redisArgs('redis-0', 'redis-0')).not.toContain('--replicaof');
    expect(redisArgs('redis-1', 'redis-0')).toEqual(expect.arrayContaining(['--replicaof', 'redis-0', '6379']));
  });

  it('leaves the one-node Redis no command that makes it a replica', () => {
    const args = singleRedisArgs().join(' ');
    expect(args).toContain('--rename-command REPLICAOF  ');
    expect(args).toMatch(/--rename-command SLAVEOF $/);
  });
});
