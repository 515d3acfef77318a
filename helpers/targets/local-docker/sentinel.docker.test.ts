// Sentinel mode end to end: a fresh set failing over when its master dies as soon as it is
// ready, the one-node Redis refusing to become a replica, the App Engine's Sentinel lines, a
// real failover with the application serving through it, and the old master rejoining.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sloFor } from '../../checkers/slo.js';
import { AppBuilderClient, pageBody } from '../../entando/app-builder-client.js';
import { log } from '../../log/log.js';
import { localTarget } from '../../suite/local-target.js';
import { waitFor, WaitTimeoutError } from '../../wait/wait-for.js';
import { containerName, dockerApi, runContainers } from '../../docker/docker-api.js';
import { docker } from '../../docker/docker-cli.js';
import { LABELS } from '../../docker/labels.js';
import { findRedisMaster, redisRoles, waitForRedisSettled, waitForReplicasLinked } from '../redis-topology.js';
import { removeRuns } from './cleanup.js';
import { startRedisMember, startRedisSingle, startSentinel } from './infra.js';
import { dockerRedis, dockerRedisLogs, memberServers } from './redis-on-docker.js';
import { answerLines, parseRecords } from '../redis-cli-output.js';
import { createRun, type RunContext } from './run-context.js';
import { MASTER_SET, SENTINEL_PORT } from './sentinel-config.js';
import { startSentinelSet } from './sentinel-set.js';
import type { StartedLocalTarget } from './started-local-target.js';

const ROUNDS = 10;
/** The App Engine's line when its cache follows a new Redis master. */
const SWITCH_LINE = /Refresh of front-end-cache -> from master node '[^']+' to '[^']+'/;

/** Each instance's log lines that match, in the order of `instances`. */
const linesPerInstance = (target: StartedLocalTarget, instances: string[], pattern: RegExp) =>
  Promise.all(instances.map(async (name) => (await target.logs(name)).map((l) => l.text).filter((t) => pattern.test(t))));
const NODES = ['node-1', 'node-2', 'node-3'];
const { failoverBudgetMs } = sloFor('redis-sentinel-failover');

describe('a fresh Sentinel set, its master killed the moment it is ready', () => {
  let ctx: RunContext;

  beforeAll(async () => {
    // No instance starts here: only the Redis part of the topology, through the target's own code.
    ctx = await createRun({ ...inject('images'), app: 'no-app' });
  });

  afterAll(async () => {
    if (ctx) await removeRuns([ctx.runId]);
  });

  // Seen in 3 of 6 fresh runs before the set had to settle: the master died 3.7 s after the
  // sentinels began to monitor it, before any knew a replica; each aborted the failover
  // (-failover-abort-no-good-slave) and the next try came 20 s later, past the budget.
  it(`promotes a replica within the failover budget, ${ROUNDS} starts in a row`, async () => {
    const promotions: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const started = performance.now();
      const parts = await startSentinelSet(ctx, NODES);
      const redis = dockerRedis({ ...parts })!;
      try {
        await waitForRedisSettled(redis);
        const readyMs = performance.now() - started;
        const master = await findRedisMaster(redis);
        const killed = performance.now();
        await (await dockerApi()).getContainer(master.container.getId()).kill({ signal: 'SIGKILL' });
        const promoted = await waitFor(
          `round ${round}: a replica promoted after ${master.name} was killed`,
          async () => {
            const roles = await redisRoles(redis);
            const name = Object.entries(roles).find(([member, role]) => member !== master.name && role === 'master')?.[0];
            return { done: name !== undefined, state: JSON.stringify(roles), value: name };
          },
          { timeoutMs: failoverBudgetMs, intervalMs: 100 },
        ).catch(async (error: unknown) => {
          if (!(error instanceof WaitTimeoutError)) throw error;
          const logs = (await dockerRedisLogs(parts)).filter((l) => l.name.startsWith('sentinel'));
          throw new Error(`${error.message}\n${logs.map((l) => `--- ${l.name}\n${l.lines.join('\n')}`).join('\n')}`, { cause: error });
        });
        promotions.push(performance.now() - killed);
        log.info(`round ${round}: ready in ${(readyMs / 1000).toFixed(1)} s, ${promoted} promoted ${(promotions.at(-1)! / 1000).toFixed(2)} s after the kill`);
      } finally {
        const containers = [...parts.redisMembers.values(), ...parts.sentinels.values()].map((p) => p.container);
        await Promise.all(containers.map((c) => c.stop({ remove: true, timeout: 0 }).catch(() => undefined)));
      }
    }
    const seconds = promotions.map((ms) => (ms / 1000).toFixed(2));
    log.info(`promotion times (s) over ${ROUNDS} fresh starts: ${seconds.join(', ')}; longest ${(Math.max(...promotions) / 1000).toFixed(2)} s`);
    expect(Math.max(...promotions)).toBeLessThanOrEqual(failoverBudgetMs);
  }, 300_000);

  it('with replicas that link after the sentinels first look: no failover if killed then, one if killed once settled', async () => {
    // The finding's race made certain: the replicas start only once the sentinels have read the
    // master's INFO, as a loaded machine may leave them; the next read is 10 s away. The old
    // readiness (sentinels monitoring) held then; the settled one does not until they know them.
    const lateSet = async () => {
      const place = async (i: number, start: typeof startSentinel) => [i, { container: await start(ctx, i, NODES[i]!, 'redis-0'), node: NODES[i]! }] as const;
      const redisMembers = new Map([await place(0, startRedisMember)]);
      const sentinels = new Map(await Promise.all([0, 1, 2].map((i) => place(i, startSentinel))));
      const sentinel = [...sentinels.values()][0]!.container;
      await waitFor('a sentinel to have read the master', async () => {
        const info = await sentinel.exec(['redis-cli', '-p', String(SENTINEL_PORT), 'SENTINEL', 'MASTER', MASTER_SET]);
        const refreshed = /\ninfo-refresh\n(\d+)\n/.exec(info.stdout)?.[1];
        return { done: refreshed !== undefined && Number(refreshed) < 10_000, state: `info-refresh ${refreshed ?? 'none'}` };
      }, { timeoutMs: 10_000, intervalMs: 50 });
      for (const placed of await Promise.all([1, 2].map((i) => place(i, startRedisMember)))) redisMembers.set(...placed);
      const members = memberServers(redisMembers);
      await waitForReplicasLinked(members, members[0]!);
      // As in the finding, the sentinels know each other (so they reach +odown and elect a
      // leader), and none has read the master's INFO again since the replicas linked.
      const asked = (command: string) =>
        Promise.all([...sentinels.values()].map(async ({ container }) => parseRecords(answerLines(await container.exec(['redis-cli', '-p', String(SENTINEL_PORT), 'SENTINEL', command, MASTER_SET]), command)).length));
      await waitFor('every sentinel to know the other two', async () => {
        const peers = await asked('SENTINELS');
        return { done: peers.every((n) => n === 2), state: `peers known: ${peers.join(', ')}` };
      }, { timeoutMs: 8_000, intervalMs: 100 });
      return { redisMembers, sentinels, replicasKnown: () => asked('REPLICAS') };
    };
    const failover = async (parts: Awaited<ReturnType<typeof lateSet>>, settle: boolean) => {
      const redis = dockerRedis(parts)!;
      try {
        if (settle) await waitForRedisSettled(redis);
        else expect(await parts.replicasKnown(), 'replicas known to each sentinel before the kill').toEqual([0, 0, 0]);
        await (await dockerApi()).getContainer(parts.redisMembers.get(0)!.container.getId()).kill({ signal: 'SIGKILL' });
        const killed = performance.now();
        const promoted = await waitFor('a replica promoted', async () => {
          const roles = await redisRoles(redis);
          return { done: roles['redis-1'] === 'master' || roles['redis-2'] === 'master', state: JSON.stringify(roles) };
        }, { timeoutMs: failoverBudgetMs, intervalMs: 100 }).then(() => performance.now() - killed, () => undefined);
        const sentinelLines = (await dockerRedisLogs(parts)).filter((l) => l.name.startsWith('sentinel')).flatMap((l) => l.lines);
        return { promoted, sentinelLines };
      } finally {
        const containers = [...parts.redisMembers.values(), ...parts.sentinels.values()].map((p) => p.container);
        await Promise.all(containers.map((c) => c.stop({ remove: true, timeout: 0 }).catch(() => undefined)));
      }
    };
    const unsettled = await failover(await lateSet(), false);
    expect(unsettled.promoted).toBeUndefined();
    expect(unsettled.sentinelLines.join('\n')).toContain('-failover-abort-no-good-slave');
    const settled = await failover(await lateSet(), true);
    log.info(`replicas linked late: killed before the sentinels knew them, not promoted within ${failoverBudgetMs / 1000} s; killed once settled, promoted after ${((settled.promoted ?? NaN) / 1000).toFixed(2)} s`);
    expect(settled.promoted).toBeLessThanOrEqual(failoverBudgetMs);
  }, 120_000);

  it('keeps the one-node Redis a master: REPLICAOF and SLAVEOF are refused, from the host too', async () => {
    const single = await startRedisSingle(ctx);
    // The port is published on 127.0.0.1 only; testcontainers' host may be the bridge's gateway.
    const client = new Redis({ host: '127.0.0.1', port: single.getMappedPort(6379), lazyConnect: true, maxRetriesPerRequest: 0 });
    try {
      const published = (await (await dockerApi()).getContainer(single.getId()).inspect()).NetworkSettings.Ports['6379/tcp'];
      expect(published?.map((p) => p.HostIp)).toEqual(['127.0.0.1']);
      await client.connect();
      await expect(client.call('REPLICAOF', 'redis-0', '6379')).rejects.toThrow(/unknown command 'REPLICAOF'/);
      await expect(client.call('SLAVEOF', 'redis-0', '6379')).rejects.toThrow(/unknown command 'SLAVEOF'/);
      await expect(waitForRedisSettled(dockerRedis({ redis: single, redisMembers: new Map(), sentinels: new Map() })!, { timeoutMs: 5_000 })).resolves.toBeUndefined();
    } finally {
      client.disconnect();
      await single.stop({ remove: true, timeout: 0 });
    }
  });
});

describe('the embedded target in Sentinel mode', () => {


  let target: StartedLocalTarget;
  let api: AppBuilderClient;


  beforeAll(async () => {
    target = await localTarget().withReplicas(2).withRedis('sentinel').start();
    api = new AppBuilderClient(target.endpoints, target.credentials);
  });

  afterAll(async () => {
    await api?.close();
    await target?.stop();
  });

  it("returns the sentinels' logs and the Redis members', each sentinel having seen both replicas", async () => {
    const logs = await target.redisLogs();
    expect(logs.map((l) => l.name).sort()).toEqual(['redis-0', 'redis-1', 'redis-2', 'sentinel-0', 'sentinel-1', 'sentinel-2']);
    for (const sentinel of logs.filter((l) => l.name.startsWith('sentinel-'))) {
      expect(sentinel.lines.some((line) => line.includes(`+monitor master ${MASTER_SET}`))).toBe(true);
      expect(sentinel.lines.filter((line) => /\+slave slave redis-[12]:/.test(line))).toHaveLength(2);
    }
  });

  it('connects every instance through the sentinels and prints Entando lines', async () => {
    for (const instance of await target.instances()) {
      const text = (await target.logs(instance.name)).map((l) => l.text).join('\n');
      expect(text).toContain('** Redis Cluster with sentinel configuration **');
      expect(text).toMatch(/CURRENT master node '[^']+'/);
    }
    const roles = Object.values(await target.redisRoles());
    expect(roles.filter((r) => r === 'master')).toHaveLength(1);
    expect(roles.filter((r) => r === 'slave')).toHaveLength(2);
  });

  it('fails over when the master dies, keeps serving, and takes the old master back as a replica', async () => {
    expect((await api.call('POST', '/pages', { body: pageBody('beforefailover') })).status).toBe(200);
    const { name: old } = await target.killRedisMaster();
    const promoted = await waitFor(
      `a new Redis master other than ${old}`,
      async () => {
        const roles = await target.redisRoles();
        const master = Object.entries(roles).find(([name, role]) => role === 'master' && name !== old)?.[0];
        return { done: master !== undefined, state: JSON.stringify(roles), value: master };
      },
      { timeoutMs: 30_000 },
    );
    // The sentinels announce the switch a moment after the replica is promoted.
    await expect.poll(async () => (await target.redisMaster()).name, { timeout: 10_000 }).toBe(promoted);
    expect((await api.call('GET', '/pages/beforefailover')).status).toBe(200);
    expect((await api.call('POST', '/pages', { body: pageBody('afterfailover') })).status).toBe(200);
    expect((await api.call('GET', '/pages/afterfailover')).status).toBe(200);
    // Slow on a busy machine: the sentinels first keep naming the dead master (once seen: over 15 s).
    // On timeout the error shows each instance's Redis lines, not its access log.
    await waitFor(
      'every instance to log its switch to the new master',
      async () => {
        const instances = (await target.instances()).map((i) => i.name);
        const redisLines = await linesPerInstance(target, instances, /redis|master node/i);
        return {
          done: redisLines.every((lines) => lines.some((t) => SWITCH_LINE.test(t))),
          state: instances.map((name, n) => `${name}: ${redisLines[n]!.slice(-6).join(' | ')}`).join('; '),
        };
      },
      { timeoutMs: 45_000, intervalMs: 500 },
    );
    await target.restoreRedis(old);
    await expect.poll(async () => (await target.redisRoles())[old], { timeout: 30_000, interval: 500 }).toBe('slave');
  });
});

describe('the embedded target in Sentinel mode, a failover announced mid-question', () => {

  const SENTINEL_PORT_HEX = SENTINEL_PORT.toString(16).toUpperCase().padStart(4, '0');

  /** The sentinels an instance holds more than one connection to: the one it is asking, besides its subscription. */
  async function sentinelsBeingAsked(instance: string, sentinelByIp: Map<string, string>): Promise<string[]> {
    const table = await docker(['exec', instance, 'cat', '/proc/net/tcp']);
    const perIp = new Map<string, number>();
    for (const row of table.split('\n').slice(1)) {
      const [, , remote, state] = row.trim().split(/\s+/);
      const [hexIp, hexPort] = remote?.split(':') ?? [];
      if (state !== '01' || hexPort !== SENTINEL_PORT_HEX || !hexIp) continue;
      const ip = (hexIp.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)).join('.');
      perIp.set(ip, (perIp.get(ip) ?? 0) + 1);
    }
    return [...perIp].filter(([, n]) => n > 1).map(([ip]) => sentinelByIp.get(ip) ?? ip);
  }

  // On a target of its own: right after the failover test above, on the same target, the race
  // did not come in two full runs (once in CI), where on a fresh one it came at the first try.
  let target: StartedLocalTarget;

  beforeAll(async () => {
    target = await localTarget().withReplicas(2).withRedis('sentinel').start();
  });

  afterAll(async () => {
    await target?.stop();
  });

  it('keeps reconnecting when a failover is announced while it is still asking a sentinel', async () => {
    // ioredis ends the client for good in that race (its failover detector closes the connector
    // under the pending question), and the application then runs without its cache until restarted.
    // Freezing the sentinel each instance asks makes the race likely, not certain: an instance may
    // have its answer before the announcement (seen once in CI), so the freeze is tried again.
    const { runId } = target.description;
    const sentinels = (await runContainers(runId, { [LABELS.role]: 'sentinel' })).map(containerName);
    const sentinelByIp = new Map<string, string>();
    for (const name of sentinels) sentinelByIp.set((await target.address(name))!, name);
    const instances = (await target.instances()).map((i) => i.name);
    const count = async (pattern: RegExp) => (await linesPerInstance(target, instances, pattern)).map((lines) => lines.length);
    const ENDED_LINE = /redis connection ended/;

    const failoverWhileAsking = async (attempt: number) => {
      // A sentinel refuses a forced failover while the last one's replicas are not linked again.
      await target.waitForRedisSettled({ timeoutMs: 60_000 });
      const switchesBefore = await count(SWITCH_LINE);
      const endedBefore = (await count(ENDED_LINE)).reduce((a, b) => a + b, 0);
      const master = Object.entries(await target.redisRoles()).find(([, role]) => role === 'master')?.[0];
      expect(master, `attempt ${attempt}: a master before the freeze`).toBeDefined();
      await Promise.all(sentinels.map((name) => docker(['pause', name])));
      try {
        await docker(['exec', `${runId}-${master}`, 'redis-cli', 'CLIENT', 'KILL', 'TYPE', 'normal']);
        const asked = await waitFor(
          `attempt ${attempt}: every instance to ask a frozen sentinel for the master`,
          async () => {
            const seen = await Promise.all(instances.map((name) => sentinelsBeingAsked(name, sentinelByIp)));
            return { done: seen.every((s) => s.length === 1), state: JSON.stringify(seen), value: new Set(seen.flat()) };
          },
          { timeoutMs: 15_000 },
        );
        const free = sentinels.filter((name) => !asked.has(name));
        await Promise.all(free.map((name) => docker(['unpause', name])));
        const answer = await docker(['exec', free[0]!, 'redis-cli', '-p', String(SENTINEL_PORT), 'SENTINEL', 'FAILOVER', MASTER_SET]);
        expect(answer.trim(), `attempt ${attempt}: SENTINEL FAILOVER on ${free[0]}`).toBe('OK');
        await waitFor(
          `attempt ${attempt}: ${free[0]} to announce a master other than ${master}`,
          async () => {
            const named = await docker(['exec', free[0]!, 'redis-cli', '-p', String(SENTINEL_PORT), 'SENTINEL', 'get-master-addr-by-name', MASTER_SET]);
            return { done: !named.startsWith(`${master}\n`), state: named.replace(/\n/g, ':') };
          },
          { timeoutMs: 30_000 },
        );
      } finally {
        await Promise.all(sentinels.map((name) => docker(['unpause', name]).catch(() => undefined)));
      }
      await waitFor(
        `attempt ${attempt}: every instance to log its switch to the new master`,
        async () => {
          const now = await count(SWITCH_LINE);
          return { done: now.every((n, i) => n > switchesBefore[i]!), state: `switch lines per instance: before ${switchesBefore}, now ${now}` };
        },
        { timeoutMs: 30_000, intervalMs: 500 },
      );
      return (await count(ENDED_LINE)).reduce((a, b) => a + b, 0) > endedBefore;
    };

    const ATTEMPTS = 3;
    const outcomes: boolean[] = [];
    while (outcomes.length < ATTEMPTS && !outcomes.includes(true)) outcomes.push(await failoverWhileAsking(outcomes.length + 1));
    log.info(`failover while asking a frozen sentinel: the client library ended the connection in attempt(s) ${outcomes.flatMap((ended, i) => (ended ? [i + 1] : [])).join(', ') || 'none'} of ${outcomes.length}`);
    // The race did happen (else this test proved nothing), and every attempt ended switched over.
    expect(outcomes, 'attempts in which the client library ended the connection').toContain(true);
  }, 240_000);
});
