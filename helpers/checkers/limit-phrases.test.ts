// The phrases a breach quotes come from the SLO in force, through builders the checkers use
// themselves: a test that derives its expectation from them follows any SLO file.
import { describe, expect, it } from 'vitest';
import { availability, availabilityLimit } from './availability.js';
import { budget } from './format.js';
import { milestone, milestoneMissed } from './milestone.js';
import { notServedAgain, recovery, recoveryLimit } from './recovery.js';
import { sessionContinuity, sessionLimit } from './session-continuity.js';
import { DEFAULT_SLO } from './slo.js';
import { emptyHistory, probe } from './test-histories.js';

/** 22 refused renders on incognito while kill-process holds, healed at 2 s. */
function outage(channel = 'incognito') {
  const history = emptyHistory();
  history.append({ type: 'fault', name: 'kill-process', stage: 'inject-start', at: 500 });
  history.append({ type: 'fault', name: 'kill-process', stage: 'heal-start', at: 2_000 });
  probe(history, channel, { fromMs: 0, toMs: 3_000, cadenceMs: 50 }, (s) => (s >= 600 && s < 1_700 ? { outcome: 'fail', error: 'refused' } : {}));
  return history;
}

describe('limit phrases', () => {
  it('word each availability limit as its breach does', () => {
    const slo = { maxFailed: 3, maxLongestOutageMs: 500, maxTotalOutageMs: 15_000, maxP99Ms: 1_000, minSuccessRatio: 0.99 };
    expect(availabilityLimit(slo, 'maxFailed')).toBe('at most 3 failed requests');
    expect(availabilityLimit(slo, 'maxLongestOutageMs')).toBe('longest outage at most 500 ms');
    expect(availabilityLimit(slo, 'maxTotalOutageMs')).toBe('total outage at most 15.0 s');
    expect(availabilityLimit(slo, 'maxP99Ms')).toBe('p99 latency at most 1.00 s');
    expect(availabilityLimit(slo, 'minSuccessRatio')).toBe('success ratio at least 0.99');
    expect(() => availabilityLimit({}, 'maxFailed')).toThrow('this availability SLO sets no maxFailed');
  });

  it.each([0, 3])('availability quotes the maxFailed in force (%i)', async (maxFailed) => {
    const slo = { ...DEFAULT_SLO['pod-deletion'].availability, maxFailed };
    const verdict = await availability(slo).check(outage());
    expect(verdict.explanation).toContain(`; SLO: ${availabilityLimit(slo, 'maxFailed')}, saw 22.`);
  });

  it('recovery quotes the channel that never came back and its budget', async () => {
    expect(notServedAgain('db', true)).toBe('db was not served again before the fault was healed');
    expect(notServedAgain('db', false)).toBe('db was not served again before the run ended');
    const slo = { channel: 'db', maxFirstSuccessMs: 1_000 };
    expect(recoveryLimit(slo, 'maxFirstSuccessMs')).toBe('budget 1.00 s');
    expect((await recovery(slo).check(outage('db'))).explanation).toContain(`(${recoveryLimit(slo, 'maxFirstSuccessMs')})`);
    const stuck = emptyHistory();
    stuck.append({ type: 'fault', name: 'restart-database', stage: 'inject-start', at: 500 });
    stuck.append({ type: 'fault', name: 'restart-database', stage: 'heal-start', at: 2_000 });
    probe(stuck, 'db', { fromMs: 0, toMs: 3_000, cadenceMs: 50 }, (s) => (s >= 600 ? { outcome: 'fail', error: '5xx' } : {}));
    expect((await recovery(slo).check(stuck)).explanation).toMatch(new RegExp(`^Recovery too slow: ${notServedAgain('db', true)}`));
  });

  it('a milestone never reached quotes its budget', async () => {
    const options = { name: 'redis-failover', fault: 'kill-redis-master', note: 'redis-failover', what: 'a replica was promoted to master', budgetMs: DEFAULT_SLO['redis-sentinel-failover'].failoverBudgetMs };
    expect(milestoneMissed(options)).toBe('After kill-redis-master, a replica was promoted to master: never (budget 15.0 s).');
    const history = emptyHistory();
    history.append({ type: 'fault', name: 'kill-redis-master', stage: 'inject-start', at: 100 });
    expect((await milestone({ ...options, budgetMs: 30_000 }).check(history)).explanation).toBe(milestoneMissed({ ...options, budgetMs: 30_000 }));
    expect(budget(30_000)).toBe('budget 30.0 s');
  });

  it('session continuity quotes the limit in force', async () => {
    expect(sessionLimit({}, 'maxLost')).toBe('at most 0');
    expect(sessionLimit({ maxMoves: 2 }, 'maxMoves')).toBe('at most 2');
    const history = emptyHistory();
    probe(history, 'session', { fromMs: 0, toMs: 1_000, cadenceMs: 100 }, (s) => ({ session: s === 500 ? 'lost' : 'kept', instance: s < 500 ? 'app-1' : 'app-2' }));
    const slo = DEFAULT_SLO['pod-deletion'].session;
    expect((await sessionContinuity(slo).check(history)).explanation).toContain(`; SLO: ${sessionLimit(slo, 'maxLost')}`);
  });
});
