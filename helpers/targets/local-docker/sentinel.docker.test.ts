// Sentinel mode end to end: the App Engine's Sentinel lines, a real failover when the master
// is killed, the application serving through it, and the old master rejoining as a replica.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AppBuilderClient, pageBody } from '../../entando/app-builder-client.js';
import { localTarget } from '../../suite/local-target.js';
import { waitFor } from '../../wait/wait-for.js';
import type { StartedLocalTarget } from './started-local-target.js';

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
  await expect
    .poll(async () => (await Promise.all((await target.instances()).map((i) => target.logs(i.name)))).flat().map((l) => l.text).join('\n'), {
      // Slow on a busy machine: the sentinels first keep naming the dead master (once seen: over 15 s).
      timeout: 30_000,
    })
    .toMatch(/Refresh of front-end-cache -> from master node '[^']+' to '[^']+'/);
  await target.restoreRedis(old);
  await expect.poll(async () => (await target.redisRoles())[old], { timeout: 30_000, interval: 500 }).toBe('slave');
});
