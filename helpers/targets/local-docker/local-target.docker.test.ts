// The embedded topology's life cycle against the real Docker engine: placement, scaling,
// replacement, process and node faults, and cleanup without leaks.
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localTarget } from '../../suite/local-target.js';
import { removeExpiredRuns } from './cleanup.js';
import { dockerApi, runContainers } from '../../docker/docker-api.js';
import { LABELS } from '../../docker/labels.js';
import type { StartedLocalTarget } from './started-local-target.js';

describe('a running topology', () => {
  let target: StartedLocalTarget;

  beforeAll(async () => {
    target = await localTarget().withReplicas(2).withEvictionMs(1_000).start();
  });

  afterAll(async () => {
    await target?.stop();
  });

  it('spreads instances over nodes and publishes the load balancer on 127.0.0.1 only', async () => {
    const instances = await target.instances();
    expect(new Set(instances.map((i) => i.node)).size).toBe(2);
    expect(target.endpoints.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const [lb] = await runContainers(target.description.runId, { [LABELS.role]: 'lb' });
    expect(lb!.Ports.filter((p) => p.PublicPort).map((p) => p.IP)).toEqual(['127.0.0.1']);
  });

  it('scales up and down, keeping every instance ready and labelled with its node', async () => {
    await target.scale(3);
    const three = await target.waitForInstancesReady(3, { timeoutMs: 60_000 });
    expect(new Set(three.map((i) => i.node))).toEqual(new Set(['node-1', 'node-2', 'node-3']));
    await target.scale(1);
    await expect.poll(async () => (await target.instances()).length, { timeout: 30_000 }).toBe(1);
    await target.scale(2);
    await target.waitForInstancesReady(2, { timeoutMs: 60_000 });
  });

  it('replaces a deleted instance with a new one', async () => {
    const [victim] = await target.instances();
    await target.deleteInstance(victim!.name, { gracePeriodMs: 5_000 });
    const after = await target.waitForInstancesReady(2, { timeoutMs: 60_000 });
    expect(after.map((i) => i.name)).not.toContain(victim!.name);
  });

  it('restarts the container in place after kill -9 of its process, found by lookup (not PID 1)', async () => {
    const [victim] = await target.instances();
    const { pid } = await target.killProcess(victim!.name);
    expect(pid).toBeGreaterThan(1);
    await expect
      .poll(async () => (await target.instances()).find((i) => i.name === victim!.name)?.restarts, { timeout: 30_000 })
      .toBe(1);
    await target.waitForInstancesReady(2, { timeoutMs: 60_000 });
  });

  it('kills every container of a terminated node, reschedules its instances, and restores the node', async () => {
    const [victim] = await target.instances();
    const node = victim!.node;
    await target.terminateNode(node);
    expect((await target.nodes()).find((n) => n.name === node)?.ready).toBe(false);
    const running = await runContainers(target.description.runId, { [LABELS.node]: node });
    expect(running.filter((c) => c.State === 'running')).toEqual([]);
    const after = await target.waitForInstancesReady(2, { timeoutMs: 60_000 });
    expect(after.map((i) => i.node)).not.toContain(node);
    await target.restoreNode(node);
    expect((await target.nodes()).every((n) => n.ready)).toBe(true);
  });

  it('keeps the logs of an instance after it is gone', async () => {
    const [victim] = await target.instances();
    await target.deleteInstance(victim!.name, { gracePeriodMs: 5_000 });
    const lines = await target.logs(victim!.name);
    expect(lines.some((l) => l.text.includes('all requests finished, exiting'))).toBe(true);
  });
});

describe('cleanup', () => {
  it('leaves no container or network behind after stop', async () => {
    const target = await localTarget().withReplicas(1).withRedis('none').start();
    const runId = target.description.runId;
    expect((await runContainers(runId)).length).toBeGreaterThan(0);
    await target.stop();
    expect(await runContainers(runId)).toEqual([]);
    const networks = await (await dockerApi()).listNetworks({ filters: { label: [`${LABELS.run}=${runId}`] } });
    expect(networks).toEqual([]);
  });

  it('removes, in the next preflight, what a run from before leases left when its process died, and says what', async () => {
    const dead = execa('true');
    await dead;
    const runId = 'chaos-interrupted-test';
    const labels = { [LABELS.run]: runId, [LABELS.owner]: String(dead.pid), [LABELS.role]: 'redis' };
    const docker = await dockerApi();
    await docker.createNetwork({ Name: runId, Labels: labels });
    await docker.createContainer({ name: `${runId}-leftover`, Image: inject('images').redis, Labels: labels });
    const removed = await removeExpiredRuns();
    expect(removed).toEqual(expect.arrayContaining([`${runId}-leftover`, `network ${runId}`]));
    expect(await runContainers(runId)).toEqual([]);
  });
});
