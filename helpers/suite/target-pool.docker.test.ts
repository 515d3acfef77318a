// The target pool against the real Docker engine: a scenario's deployment serves the next of the
// same layout as its start left it, its infrastructure serves another layout's deployment, and
// nothing outlives the pool.
import { afterAll, describe, expect, it } from 'vitest';
import { dockerApi, runContainers } from '../docker/docker-api.js';
import { LABELS } from '../docker/labels.js';
import { localTarget } from './local-target.js';
import { drainTargetPool, pooledTarget, releaseTarget } from './target-pool.js';
import type { StartedLocalTarget } from '../targets/local-docker/started-local-target.js';

const redisCli = async (target: StartedLocalTarget, ...args: string[]) => (await target.infrastructure.parts.redis!.exec(['redis-cli', ...args])).stdout.trim();
const names = async (target: StartedLocalTarget) => (await target.instances()).map((i) => i.name).sort();

describe('the target pool', () => {
  afterAll(drainTargetPool);

  it('serves the next scenario of a layout with the same deployment, another layout on the same infrastructure, emptied, and a third afresh', async () => {
    const first = await pooledTarget(localTarget().withReplicas(1));
    const { runId } = first.description;
    const firstInstances = await names(first);
    expect(await redisCli(first, 'SET', 'left-by-the-first', '1')).toBe('OK');
    await releaseTarget(first);

    const again = await pooledTarget(localTarget().withReplicas(1));
    expect(again).toBe(first);
    expect(await names(again)).toEqual(firstInstances);
    expect(await redisCli(again, 'EXISTS', 'left-by-the-first')).toBe('0');
    expect(await redisCli(again, 'SET', 'left-by-the-first', '1')).toBe('OK');
    await releaseTarget(again);

    // Sessions in memory and two instances: the same infrastructure (PostgreSQL and one Redis), a new deployment.
    const second = await pooledTarget(localTarget().withReplicas(2).withSessions('memory'));
    expect(second.description.runId).toBe(runId);
    expect(second.description.summary).toContain('sessions in memory');
    const secondInstances = await names(second);
    expect(secondInstances).toHaveLength(2);
    expect(secondInstances).not.toContain(firstInstances[0]);
    expect((await runContainers(runId, { [LABELS.role]: 'app' })).length).toBe(2);
    expect(await redisCli(second, 'EXISTS', 'left-by-the-first')).toBe('0');
    await releaseTarget(second);

    // No Redis: another infrastructure; the idle one waits beside it.
    const other = await pooledTarget(localTarget().withReplicas(1).withRedis('none'));
    expect(other.description.runId).not.toBe(runId);
    expect((await runContainers(runId, { [LABELS.role]: 'app' })).length).toBe(2);
    await releaseTarget(other);
    await drainTargetPool();
    expect(await runContainers(runId)).toEqual([]);
    expect(await runContainers(other.description.runId)).toEqual([]);
  });

  it('deploys afresh on the infrastructure when the deployment is not as it started, and starts afresh when the infrastructure is not', async () => {
    const first = await pooledTarget(localTarget().withReplicas(1));
    await first.scale(2);
    await releaseTarget(first);
    const second = await pooledTarget(localTarget().withReplicas(1));
    expect(second).not.toBe(first);
    expect(second.description.runId).toBe(first.description.runId);
    expect((await runContainers(first.description.runId, { [LABELS.role]: 'app' })).length).toBe(1);
    await releaseTarget(second);

    await (await dockerApi()).getContainer(second.infrastructure.parts.redis!.getId()).kill();
    const third = await pooledTarget(localTarget().withReplicas(1));
    expect(third.description.runId).not.toBe(second.description.runId);
    expect(await runContainers(second.description.runId)).toEqual([]);
    await third.stop();
  });
});
