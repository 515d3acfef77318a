// The checkers specific to some scenarios: instance reach, milestones, no restarts.
import { describe, expect, it } from 'vitest';
import { instanceReach } from './instance-reach.js';
import { milestone } from './milestone.js';
import { noRestarts, RESTARTS_NOTE } from './no-restarts.js';
import { emptyHistory, probe } from './test-histories.js';

describe('instance reach', () => {
  it('passes when every instance answered, counting requests per instance', async () => {
    const history = emptyHistory();
    probe(history, 'incognito', { fromMs: 0, toMs: 600, cadenceMs: 100 }, (s) => ({ instance: s % 200 === 0 ? 'a' : 'b' }));
    const verdict = await instanceReach({ expected: ['a', 'b'] }).check(history);
    expect(verdict).toMatchObject({ valid: true, figures: { requestsByInstance: { a: 3, b: 3 } } });
    expect(verdict.explanation).toBe('Traffic on incognito reached all 2 instances (3/3 requests).');
  });

  it('names the instances never reached, or counts distinct affinity values when responses name none', async () => {
    const named = emptyHistory();
    probe(named, 'incognito', { fromMs: 0, toMs: 300, cadenceMs: 100 }, () => ({ instance: 'a' }));
    expect((await instanceReach({ expected: ['a', 'b', 'c'] }).check(named)).explanation).toBe('Traffic on incognito never reached b, c (reached: a).');
    const cookies = emptyHistory();
    probe(cookies, 'incognito', { fromMs: 0, toMs: 300, cadenceMs: 100 }, () => ({ instance: 'ROUTE=1' }));
    expect((await instanceReach({ expected: ['x', 'y'] }).check(cookies)).explanation).toBe('Traffic on incognito reached 1 distinct instance(s), expected 2.');
  });
});

describe('milestone', () => {
  const options = { name: 'redis-failover', fault: 'kill-redis-master', note: 'redis-failover', what: 'a replica was promoted to master', budgetMs: 1_000 };

  it('times the milestone from the fault and holds it against the budget', async () => {
    const history = emptyHistory();
    history.append({ type: 'fault', name: 'kill-redis-master', stage: 'inject-start', at: 100 });
    history.append({ type: 'note', key: 'redis-failover', at: 600, text: 'promoted' });
    expect((await milestone(options).check(history)).explanation).toBe('A replica was promoted to master 500 ms after kill-redis-master (at 12:00:00.600; budget 1.00 s).');
    expect((await milestone({ ...options, budgetMs: 100 }).check(history)).valid).toBe(false);
  });

  it('fails when the milestone never came, and cannot decide without the fault', async () => {
    const history = emptyHistory();
    history.append({ type: 'fault', name: 'kill-redis-master', stage: 'inject-start', at: 100 });
    expect((await milestone(options).check(history)).explanation).toBe('After kill-redis-master, a replica was promoted to master: never (budget 1.00 s).');
    expect((await milestone(options).check(emptyHistory())).valid).toBe('unknown');
  });
});

describe('no restarts', () => {
  const note = (history: ReturnType<typeof emptyHistory>, counts: Record<string, number>, at: number) =>
    history.append({ type: 'note', key: RESTARTS_NOTE, at, text: JSON.stringify(counts) });

  it('passes when restart counts did not move, and names restarted or replaced instances', async () => {
    const same = emptyHistory();
    note(same, { a: 0, b: 1 }, 0);
    note(same, { a: 0, b: 1 }, 10);
    expect((await noRestarts().check(same)).explanation).toBe('No instance restarted (2 kept running).');
    const moved = emptyHistory();
    note(moved, { a: 0, b: 1 }, 0);
    note(moved, { a: 2 }, 10);
    expect((await noRestarts().check(moved)).explanation).toBe('The application needed restarts to recover: a restarted 2 time(s), b was replaced.');
    expect((await noRestarts().check(emptyHistory())).valid).toBe('unknown');
  });
});
