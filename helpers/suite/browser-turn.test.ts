import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { takeBrowserTurn } from './browser-turn.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'browser-turn-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Whether the promise has settled within a few polls of the lock. */
const settled = async (p: Promise<unknown>) => Promise.race([p.then(() => true), sleep(800).then(() => false)]);

describe('takeBrowserTurn', () => {
  it('gives the turn to one at a time, the next once it is given back', async () => {
    const file = join(dir, 'turn');
    const first = await takeBrowserTurn('first', file);
    const second = takeBrowserTurn('second', file);
    expect(await settled(second)).toBe(false);
    await first();
    expect(await settled(second)).toBe(true);
    const third = takeBrowserTurn('third', file);
    expect(await settled(third)).toBe(false);
    await (await second)();
    await (await third)();
  });

  it('gives the turn back when called as vitest calls onTestFinished hooks, with the test\'s context', async () => {
    const file = join(dir, 'turn');
    const giveBack = (await takeBrowserTurn('hook', file)) as (context: unknown) => Promise<void>;
    expect(await settled(giveBack({ task: {} }))).toBe(true);
    expect(await settled(takeBrowserTurn('next', file).then((next) => next()))).toBe(true);
  });
});
