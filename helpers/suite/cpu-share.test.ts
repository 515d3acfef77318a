import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { letGoOfCpu, takeCpu } from './cpu-share.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cpu-share-'));
});
afterEach(async () => {
  await letGoOfCpu();
  await rm(dir, { recursive: true, force: true });
});

/** Whether the promise has settled within a few polls of the lock. */
const settled = async (p: Promise<unknown>) => Promise.race([p.then(() => true), sleep(800).then(() => false)]);

describe('takeCpu', () => {
  it('lets shared holders in together', async () => {
    const a = await takeCpu('shared', 'a', dir);
    const b = takeCpu('shared', 'b', dir);
    expect(await settled(b)).toBe(true);
    await a();
    await (await b)();
  });

  it('runs one alone: it waits for the shared holders, and later shared ones wait for it', async () => {
    const shared = await takeCpu('shared', 'first', dir);
    const alone = takeCpu('alone', 'load', dir);
    await sleep(20);
    const later = takeCpu('shared', 'later', dir);
    expect(await settled(alone)).toBe(false);
    await shared();
    expect(await settled(alone)).toBe(true);
    expect(await settled(later)).toBe(false);
    await letGoOfCpu();
    expect(await settled(later)).toBe(true);
    await (await later)();
  });

  it('keeps a share alone for the next case that wants one, and lets go of it when a case asks to share', async () => {
    await (await takeCpu('alone', 'first load', dir))();
    const other = takeCpu('shared', 'another file', dir);
    expect(await settled(takeCpu('alone', 'second load', dir))).toBe(true);
    expect(await settled(other)).toBe(false);
    const mine = await takeCpu('shared', 'no load', dir);
    expect(await settled(other)).toBe(true);
    await mine();
    await (await other)();
  });

  it('ignores a holder whose process is gone', async () => {
    // PID 2^22 + 1 is above Linux's pid_max, so no process has it.
    await writeFile(join(dir, `alone-${2 ** 22 + 1}-${Date.now()}-1`), '');
    const shared = takeCpu('shared', 'after a crash', dir);
    expect(await settled(shared)).toBe(true);
    await (await shared)();
  });
});
