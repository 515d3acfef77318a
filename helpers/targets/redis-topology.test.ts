// The Redis lookup both targets share, on scripted redis-cli answers in the form redis-cli 7.0
// prints them when its output is not a terminal (captured from the suite's Redis image).
import { describe, expect, it, vi } from 'vitest';
import { answerLines, parseRecords, parseRole } from './redis-cli-output.js';
import { findRedisMaster, isCalled, redisRoles, waitForRedisSettled, type RedisDeployment, type RedisServer } from './redis-topology.js';

const replicaRecord = (host: string, flags = 'slave', link = 'ok') =>
  ['name', `${host}:6379`, 'ip', host, 'port', '6379', 'runid', 'c66001', 'flags', flags, 'link-pending-commands', '0',
    'master-link-status', link, 'master-host', 'redis-0', 'master-port', '6379', 'slave-priority', '100', 'replica-announced', '1'];
const sentinelRecord = (host: string, flags = 'sentinel') =>
  ['name', '94185f8b', 'ip', host, 'port', '26379', 'runid', '94185f8b', 'flags', flags, 'voted-leader', '?', 'voted-leader-epoch', '0'];
const text = (lines: string[]) => `${lines.join('\n')}\n`;

/** A server that answers each redis-cli command line from a table; a function answers as it is now. */
function server(name: string, answers: Record<string, string | (() => string)>): RedisServer {
  return {
    name,
    node: `node-${name.at(-1)}`,
    addresses: [name],
    redisCli: async (args) => {
      const answer = answers[args.join(' ')];
      if (answer === undefined) return { exitCode: 1, output: `Could not connect to Redis at ${name}:6379: Connection refused` };
      return { exitCode: 0, output: typeof answer === 'function' ? answer() : answer };
    },
  };
}

const master = () => server('redis-0', { ROLE: 'master\n1635\nredis-1\n6379\n1635\nredis-2\n6379\n1635\n' });
const replica = (name: string, state = 'connected') => server(name, { ROLE: `slave\nredis-0\n6379\n${state}\n1635\n` });

function sentinel(name: string, others: string[], replicas: string[][] = [replicaRecord('redis-1'), replicaRecord('redis-2')]) {
  return server(name, {
    'SENTINEL get-master-addr-by-name mymaster': 'redis-0\n6379\n',
    'SENTINEL REPLICAS mymaster': text(replicas.flat()),
    'SENTINEL SENTINELS mymaster': text(others.flatMap((o) => sentinelRecord(o))),
  });
}

const all = ['sentinel-0', 'sentinel-1', 'sentinel-2'];
const sentinels = (views: Partial<Record<string, RedisServer>> = {}) => all.map((s) => views[s] ?? sentinel(s, all.filter((o) => o !== s)));

function sentinelSet(members: RedisServer[], watchers: RedisServer[]): RedisDeployment {
  return { layout: 'sentinel', masterSet: 'mymaster', size: { members: 3, sentinels: 3 }, settleTimeoutMs: 60_000, members: async () => members, sentinels: async () => watchers };
}

describe('reading redis-cli output', () => {
  it('reads ROLE of a master and of a replica, and refuses what is no role', () => {
    expect(parseRole(answerLines({ exitCode: 0, output: 'master\n0\n\n' }, 'ROLE'))).toEqual({ role: 'master' });
    expect(parseRole(answerLines({ exitCode: 0, output: 'slave\nredis-0\n6379\nhandshake\n-1\n' }, 'ROLE'))).toEqual({
      role: 'slave', masterHost: 'redis-0', masterPort: 6379, state: 'handshake',
    });
    expect(() => parseRole(['slave'])).toThrow('ROLE answered "slave", which is no role');
  });

  it('splits SENTINEL REPLICAS into one record per replica, empty values included', () => {
    const records = parseRecords(answerLines({ exitCode: 0, output: text([...replicaRecord('redis-1'), ...replicaRecord('redis-2', 'slave,s_down,disconnected')]) }, 'x'));
    expect(records.map((r) => [r.ip, r.flags])).toEqual([['redis-1', 'slave'], ['redis-2', 'slave,s_down,disconnected']]);
    expect(parseRecords(['name', 'a', 'voted-leader', '', 'flags', 'sentinel'])).toEqual([{ name: 'a', 'voted-leader': '', flags: 'sentinel' }]);
  });

  it('takes an error reply for a failure although redis-cli exits 0, and says what was asked', () => {
    expect(() => answerLines({ exitCode: 0, output: 'ERR No such master with that name\n\n' }, 'SENTINEL REPLICAS x in sentinel-0')).toThrow(
      'SENTINEL REPLICAS x in sentinel-0 failed (exit 0): ERR No such master with that name',
    );
    expect(() => answerLines({ exitCode: 1, output: '' }, 'ROLE in redis')).toThrow('ROLE in redis failed (exit 1): no output');
  });

  it('knows a member by its name, its DNS name or its address', () => {
    const pod = { ...master(), name: 'redis-node-1', addresses: ['redis-node-1', '10.244.1.7'] };
    expect(isCalled(pod, 'redis-node-1.redis-headless.entando.svc.cluster.local')).toBe(true);
    expect(isCalled(pod, '10.244.1.7')).toBe(true);
    expect(isCalled(pod, '10.244.1.8')).toBe(false);
  });
});

describe('the Redis master and roles', () => {
  it('names the member the sentinels name, skipping a sentinel that does not answer', async () => {
    const deployment = sentinelSet([master(), replica('redis-1'), replica('redis-2')], [server('sentinel-0', {}), ...sentinels().slice(1)]);
    expect((await findRedisMaster(deployment)).name).toBe('redis-0');
    expect(await redisRoles(deployment)).toEqual({ 'redis-0': 'master', 'redis-1': 'slave', 'redis-2': 'slave' });
  });

  it('says so when no sentinel answers, or when they name a stranger', async () => {
    await expect(findRedisMaster(sentinelSet([master()], [server('sentinel-0', {})]))).rejects.toThrow(
      /^no sentinel answered for mymaster: redis-cli SENTINEL get-master-addr-by-name mymaster in sentinel-0 failed \(exit 1\): Could not connect/,
    );
    const stranger = server('sentinel-0', { 'SENTINEL get-master-addr-by-name mymaster': '10.0.0.9\n6379\n' });
    await expect(findRedisMaster(sentinelSet([master()], [stranger]))).rejects.toThrow('the sentinels name 10.0.0.9 as master, which is none of redis-0');
  });
});

describe('waiting for the Redis layout to settle', () => {
  const fast = { timeoutMs: 300, intervalMs: 10 };

  it('resets a sentinel whose link to a replica reaches another server (it hears a master), once, and settles', async () => {
    let reset = 0;
    const heard = () => text([...replicaRecord('redis-1'), ...(reset ? replicaRecord('redis-2') : [...replicaRecord('redis-2', 'slave', 'err'), 'role-reported', 'master'])]);
    const misled = server('sentinel-1', {
      'SENTINEL get-master-addr-by-name mymaster': 'redis-0\n6379\n',
      'SENTINEL REPLICAS mymaster': heard,
      'SENTINEL SENTINELS mymaster': text(['sentinel-0', 'sentinel-2'].flatMap((o) => sentinelRecord(o))),
      'SENTINEL RESET mymaster': () => `${++reset}\n`,
    });
    await expect(waitForRedisSettled(sentinelSet([master(), replica('redis-1'), replica('redis-2')], sentinels({ 'sentinel-1': misled })), fast)).resolves.toBeUndefined();
    expect(reset).toBe(1);
  });

  it('is settled when every sentinel knows every replica and every other sentinel, all naming the master', async () => {
    await expect(waitForRedisSettled(sentinelSet([master(), replica('redis-1'), replica('redis-2')], sentinels()), fast)).resolves.toBeUndefined();
  });

  it('is not settled while a sentinel has not learnt a replica yet: the finding of a failover that never came', async () => {
    const early = sentinel('sentinel-1', ['sentinel-0', 'sentinel-2'], []);
    await expect(waitForRedisSettled(sentinelSet([master(), replica('redis-1'), replica('redis-2')], sentinels({ 'sentinel-1': early })), fast)).rejects.toThrow(
      /waiting for Redis Sentinel set mymaster settled: .*; last seen: redis-0 master, redis-1 slave of redis-0 \(connected\), redis-2 slave of redis-0 \(connected\); sentinel-1 does not know replica redis-1; sentinel-1 does not know replica redis-2$/,
    );
  });

  it('is not settled while a replica is down to a sentinel, its link is not ok, or a sentinel is unknown', async () => {
    const views = sentinels({
      'sentinel-0': sentinel('sentinel-0', ['sentinel-1'], [replicaRecord('redis-1', 'slave,s_down,disconnected'), replicaRecord('redis-2', 'slave', 'err')]),
    });
    const wait = waitForRedisSettled(sentinelSet([master(), replica('redis-1'), replica('redis-2', 'sync')], views), fast);
    await expect(wait).rejects.toThrow(
      /redis-2 is not a connected replica of redis-0; sentinel-0 sees replica redis-1 s_down,disconnected; sentinel-0 sees replica redis-2's master link err; sentinel-0 does not know sentinel sentinel-2$/,
    );
  });

  it('waits for a sentinel that learns its replicas late', async () => {
    let looks = 0;
    const late = server('sentinel-2', {
      'SENTINEL get-master-addr-by-name mymaster': 'redis-0\n6379\n',
      'SENTINEL REPLICAS mymaster': () => text(++looks > 3 ? [...replicaRecord('redis-1'), ...replicaRecord('redis-2')] : []),
      'SENTINEL SENTINELS mymaster': text([...sentinelRecord('sentinel-0'), ...sentinelRecord('sentinel-1')]),
    });
    await waitForRedisSettled(sentinelSet([master(), replica('redis-1'), replica('redis-2')], sentinels({ 'sentinel-2': late })), { timeoutMs: 2_000, intervalMs: 10 });
    expect(looks).toBeGreaterThan(3);
  });

  it('fails at once, and warns naming what it replicates, when the one-node Redis is a replica', async () => {
    const warn = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const single: RedisDeployment = {
      layout: 'single', masterSet: 'mymaster', size: { members: 1, sentinels: 0 }, settleTimeoutMs: 60_000,
      members: async () => [server('redis', { ROLE: 'slave\n10.244.2.7\n6379\nconnected\n5120\n' })],
      sentinels: async () => [],
    };
    const started = performance.now();
    try {
      await expect(waitForRedisSettled(single, { timeoutMs: 10_000 })).rejects.toThrow('the one-node Redis redis must be a master, but it replicates 10.244.2.7:6379');
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(warn.mock.calls.map(([line]) => String(line)).join('')).toMatch(/WARN the one-node Redis redis is a replica of 10\.244\.2\.7:6379 \(link connected\)/);
    } finally {
      warn.mockRestore();
    }
  });

  it('waits for a one-node Redis that does not answer yet, and passes a master', async () => {
    let up = false;
    setTimeout(() => (up = true), 50);
    const single: RedisDeployment = {
      layout: 'single', masterSet: 'mymaster', size: { members: 1, sentinels: 0 }, settleTimeoutMs: 60_000,
      members: async () => [{ ...server('redis', {}), redisCli: async () => (up ? { exitCode: 0, output: 'master\n0\n\n' } : { exitCode: 1, output: 'Connection refused' }) }],
      sentinels: async () => [],
    };
    await expect(waitForRedisSettled(single, { timeoutMs: 2_000, intervalMs: 10 })).resolves.toBeUndefined();
  });
});
