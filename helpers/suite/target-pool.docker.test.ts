// The target pool against the real Docker engine: one scenario's infrastructure serves the next
// of the same layout as a fresh start would leave it, and nothing outlives the pool.
import { afterAll, describe, expect, it } from 'vitest';
import { dockerApi, runContainers } from '../docker/docker-api.js';
import { LABELS } from '../docker/labels.js';
import { localTarget } from './local-target.js';
import { drainTargetPool, pooledTarget, releaseTarget } from './target-pool.js';
import type { StartedLocalTarget } from '../targets/local-docker/started-local-target.js';

const redisCli = async (target: StartedLocalTarget, ...args: string[]) => (await target.infrastructure.parts.redis!.exec(['redis-cli', ...args])).stdout.trim();

describe('the target pool', () => {
  afterAll(drainTargetPool);

  it('deploys the next scenario of a layout on the same infrastructure, emptied, and another layout on a fresh one', async () => {
    const first = await pooledTarget(localTarget().withReplicas(1));
    const { runId } = first.description;
    const [firstInstance] = await first.instances();
    expect(await redisCli(first, 'SET', 'left-by-the-first', '1')).toBe('OK');
    await releaseTarget(first);
    expect(await runContainers(runId, { [LABELS.role]: 'app' })).toEqual([]);
    expect(await runContainers(runId, { [LABELS.role]: 'lb' })).toEqual([]);

    // Sessions in memory and two instances: the same infrastructure (PostgreSQL and one Redis).
    const second = await pooledTarget(localTarget().withReplicas(2).withSessions('memory'));
    expect(second.description.runId).toBe(runId);
    expect(second.description.summary).toContain('sessions in memory');
    const names = (await second.instances()).map((i) => i.name);
    expect(names).toHaveLength(2);
    expect(names).not.toContain(firstInstance!.name);
    expect(await redisCli(second, 'EXISTS', 'left-by-the-first')).toBe('0');
    await releaseTarget(second);

    const other = await pooledTarget(localTarget().withReplicas(1).withRedis('none'));
    expect(other.description.runId).not.toBe(runId);
    expect(await runContainers(runId)).toEqual([]);
    await releaseTarget(other);
    await drainTargetPool();
    expect(await runContainers(other.description.runId)).toEqual([]);
  });

  it('starts afresh rather than reuse an infrastructure that cannot be put back', async () => {
    const first = await pooledTarget(localTarget().withReplicas(1));
    await releaseTarget(first);
    await (await dockerApi()).getContainer(first.infrastructure.parts.redis!.getId()).kill();
    const second = await pooledTarget(localTarget().withReplicas(1));
    expect(second.description.runId).not.toBe(first.description.runId);
    expect(await runContainers(first.description.runId)).toEqual([]);
    await second.stop();
  });
});
