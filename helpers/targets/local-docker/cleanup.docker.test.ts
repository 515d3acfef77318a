// Cleanup by lease against the real engine. The run's owner is another process (a child), and
// its owner-pid label names no process here, as for an owner in another PID namespace (a CI
// runner, a dev container): its lease, not that label, says whether it is live.
import { execa, type ResultPromise } from 'execa';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { dockerApi, runContainers } from '../../docker/docker-api.js';
import { newRunId } from '../../docker/labels.js';
import { keeperName, takeLease } from '../../docker/lease.js';
import { log } from '../../log/log.js';
import { removeExpiredRuns, removeExpiredRunsOnce, removeRuns } from './cleanup.js';

const HOLDER = fileURLToPath(new URL('./lease-holder.ts', import.meta.url));
// Above the largest pid_max Linux allows (2^22): no process here has it.
const FOREIGN_PID = 2 ** 22 + 1;
const runIds: string[] = [];
const holders: ResultPromise[] = [];

/** Starts a child that takes the lease of a new run (and makes its network); resolves once it holds it. */
async function holdLease(mode: 'hold' | 'return') {
  const runId = newRunId();
  runIds.push(runId);
  // node itself, not npx: SIGKILL must reach the holder, not a wrapper.
  const child = execa(process.execPath, ['--import', 'tsx', HOLDER, runId, inject('images').redis, String(FOREIGN_PID), mode]);
  holders.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolve());
    child.catch((error: Error) => reject(new Error(`the lease holder failed before holding: ${error.message}`)));
  });
  return { runId, child };
}

const keeperState = async (runId: string) =>
  (await (await dockerApi()).getContainer(keeperName(runId)).inspect().catch(() => undefined))?.State.Status;

afterAll(async () => {
  for (const child of holders) child.kill('SIGKILL');
  await Promise.allSettled(holders);
  await removeRuns(runIds);
});

describe('a run owned by another process', () => {
  it('is left alone while its lease is held, though its owner-pid label names no process here', async () => {
    const { runId } = await holdLease('hold');
    const removed = await removeExpiredRuns();
    expect(removed.filter((name) => name.includes(runId))).toEqual([]);
    expect(await keeperState(runId)).toBe('running');
    expect((await (await dockerApi()).listNetworks({ filters: { name: [runId] } })).map((n) => n.Name)).toEqual([runId]);
  });

  it('is removed by the next preflight once its owner is killed with SIGKILL, which says when the lease expired', async () => {
    const { runId, child } = await holdLease('hold');
    child.kill('SIGKILL');
    await child.catch(() => {});
    await expect.poll(() => keeperState(runId), { timeout: 5_000, interval: 100 }).toBe('exited');
    const said = vi.spyOn(log, 'info');
    const removed = await removeExpiredRuns();
    expect(removed).toEqual(expect.arrayContaining([keeperName(runId), `network ${runId}`]));
    expect(await runContainers(runId)).toEqual([]);
    const lines = said.mock.calls.map(([line]) => line).filter((line) => line.includes(runId));
    expect(lines).toEqual([expect.stringMatching(new RegExp(`removed run ${runId}, lease expired at \\d{4}-\\d\\d-\\d\\dT.*${keeperName(runId)}`))]);
    said.mockRestore();
  });
});

describe('the lease', () => {
  it('does not keep its owner alive, and expires when the owner ends on its own', async () => {
    const { runId, child } = await holdLease('return');
    await child;
    await expect.poll(() => keeperState(runId), { timeout: 5_000, interval: 100 }).toBe('exited');
  });

  it('lost under a live owner (its keeper stopped by someone else) is said by the owner', async () => {
    const runId = newRunId();
    runIds.push(runId);
    const warned = vi.spyOn(log, 'warn');
    const lease = await takeLease(runId, inject('images').redis);
    await (await dockerApi()).getContainer(keeperName(runId)).kill();
    await expect
      .poll(() => warned.mock.calls.map(([line]) => line), { timeout: 5_000, interval: 100 })
      .toContainEqual(expect.stringMatching(new RegExp(`the lease of ${runId} ended while its owner still runs`)));
    warned.mockRestore();
    await lease.release();
  });

  it('of a kept run (KEEP_ON_FAILURE=1) outlives its owner: preflight leaves the run until it is removed on purpose', async () => {
    const runId = newRunId();
    runIds.push(runId);
    const lease = await takeLease(runId, inject('images').redis);
    await lease.keep();
    expect(await keeperState(runId)).toBeUndefined();
    await removeExpiredRuns();
    expect((await runContainers(runId)).map((c) => c.State)).toEqual(['created']);
    expect(await removeRuns([runId])).toEqual([`${runId}-kept`]);
  });
});

describe('preflight', () => {
  it('runs once per process', async () => {
    const first = removeExpiredRunsOnce();
    const { runId, child } = await holdLease('return');
    await child;
    await expect.poll(() => keeperState(runId), { timeout: 5_000, interval: 100 }).toBe('exited');
    expect(removeExpiredRunsOnce()).toBe(first);
    await first;
    expect((await runContainers(runId)).length).toBe(1);
  });
});
