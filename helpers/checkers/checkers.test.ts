import { describe, expect, it } from 'vitest';
import type { Operation } from '../history/records.js';
import { availability } from './availability.js';
import { cacheCoherence } from './cache-coherence.js';
import { dataIntegrity } from './data-integrity.js';
import { outageCaused } from './premise.js';
import { READY_NOTE, recovery } from './recovery.js';
import { sessionContinuity } from './session-continuity.js';
import { emptyHistory, probe } from './test-histories.js';
import { mergeValidity, runCheckers, type Checker } from './verdict.js';

function refusalHistory() {
  const history = emptyHistory();
  history.append({ type: 'phase', phase: 'steady', at: 0 });
  history.append({ type: 'phase', phase: 'fault', at: 2_000 });
  history.append({ type: 'fault', name: 'kill-process', stage: 'inject-start', at: 2_000, detail: 'app-1 on node-2' });
  history.append({ type: 'phase', phase: 'recovery', at: 2_100 });
  history.append({ type: 'note', key: READY_NOTE, at: 5_000, text: '2 ready' });
  history.append({ type: 'fault', name: 'kill-process', stage: 'heal-end', at: 5_100 });
  probe(history, 'incognito', { fromMs: 0, toMs: 8_000, cadenceMs: 50 }, (s) =>
    s >= 2_000 && s < 2_500 ? { outcome: 'fail', error: 'refused', latencyMs: 2 } : s >= 2_500 && s < 2_600 ? { outcome: 'info', error: 'timeout', latencyMs: 2_000 } : { latencyMs: 10 + (s % 7) },
  );
  probe(history, 'api', { fromMs: 0, toMs: 8_000, cadenceMs: 100, check: 'api' });
  return history;
}

describe('availability', () => {
  it('reports counts, latency percentiles per phase and every outage window', async () => {
    const verdict = await availability({ channels: ['incognito'] }).check(refusalHistory());
    const f = (verdict.figures.channels as Record<string, any>).incognito; // test inspects the figures' shape
    expect(f).toMatchObject({ attempted: 160, ok: 148, failed: 10, indeterminate: 2, successRatio: 0.925, longestOutageMs: 600, totalOutageMs: 600 });
    expect(f.byPhase.steady).toMatchObject({ attempted: 40, ok: 40 });
    expect(f.byPhase.recovery).toMatchObject({ attempted: 118, failed: 8, indeterminate: 2 });
    expect(f.p50Ms).toBeGreaterThanOrEqual(10);
    expect(f.p99Ms).toBeLessThanOrEqual(16);
    expect(f.outages).toEqual([expect.objectContaining({ startMs: 1_975, endMs: 2_575, start: '2026-01-01T12:00:01.975Z', kinds: { refused: 10, timeout: 2 } })]);
    expect(verdict.valid).toBe(true);
    expect(verdict.explanation).toBe('render on incognito: 148 of 160 requests served, longest outage 600 ms, p99 16 ms.');
  });

  it('explains a breach with what the user saw, when, why, during which fault, and the SLO', async () => {
    const verdict = await availability({ channels: ['incognito'], maxFailed: 0 }).check(refusalHistory());
    expect(verdict.valid).toBe(false);
    expect(verdict.explanation).toBe(
      'The page failed to render for 600 ms (12:00:01.975–12:00:02.575) on incognito: 10 refused, 2 timed out, during kill-process of app-1 on node-2; SLO: at most 0 failed requests, saw 12.',
    );
  });

  it('explains unserved requests by the window where they went unserved, not by a longer slow stretch', async () => {
    const history = refusalHistory();
    probe(history, 'incognito', { fromMs: 8_000, toMs: 10_000, cadenceMs: 50 }, () => ({ latencyMs: 1_500 }));
    const verdict = await availability({ channels: ['incognito'], maxFailed: 0 }).check(history);
    expect(verdict.explanation).toMatch(/^The page failed to render for 600 ms .*: 10 refused, 2 timed out, during kill-process of app-1 on node-2 \(one of 2 outages\); SLO/);
  });

  it.each([
    [{ maxLongestOutageMs: 500 }, 'longest outage at most 500 ms, saw 600 ms'],
    [{ maxTotalOutageMs: 100 }, 'total outage at most 100 ms, saw 600 ms'],
    [{ maxP99Ms: 5 }, 'p99 latency at most 5 ms, saw 16 ms'],
    [{ minSuccessRatio: 0.99 }, 'success ratio at least 0.99, saw 0.925'],
  ])('holds %j against the figures', async (slo, wording) => {
    const verdict = await availability({ channels: ['incognito'], ...slo }).check(refusalHistory());
    expect(verdict.valid).toBe(false);
    expect(verdict.explanation).toContain(wording);
  });

  it("says what the channels left out of the SLO could not get, without changing the verdict", async () => {
    const history = refusalHistory();
    probe(history, 'session', { fromMs: 0, toMs: 8_000, cadenceMs: 50 }, (s) => (s >= 2_000 && s < 3_000 ? { outcome: 'fail', error: '5xx', instance: 'app-2' } : {}));
    const verdict = await availability({ channels: ['incognito'] }).check(history);
    expect(verdict.valid).toBe(true);
    expect(verdict.explanation).toBe(
      'render on incognito: 148 of 160 requests served, longest outage 600 ms, p99 16 ms. ' +
        'Not judged by this SLO: the page failed to render for 1.00 s (12:00:01.975–12:00:02.975) on session: 20 answered 5xx from app-2, during kill-process of app-1 on node-2.',
    );
    // A channel that was only slow, or never failed, is not mentioned.
    const calm = refusalHistory();
    probe(calm, 'session', { fromMs: 0, toMs: 8_000, cadenceMs: 50 }, (s) => (s === 2_000 ? { latencyMs: 1_500 } : {}));
    expect((await availability({ channels: ['incognito'] }).check(calm)).explanation).not.toContain('Not judged');
  });

  it('judges the load channel apart: the HTTP checker leaves its outages to the load checker, which names them', async () => {
    const history = refusalHistory();
    probe(history, 'load', { fromMs: 0, toMs: 8_000, cadenceMs: 5, check: 'load' }, (s) => (s >= 2_000 && s < 2_100 ? { target: 'page', outcome: 'fail', error: '5xx', status: 502, instance: 'app-1' } : { target: 'page' }));
    history.append({ type: 'op', channel: 'load', check: 'load', seq: 9_999, scheduled: 7_999, start: 7_999, end: 7_999, latencyMs: 0, outcome: 'info', error: 'unmeasured', detail: 'never sent: the load generator fell behind its schedule' });
    expect((await availability({ channels: ['incognito'] }).check(history)).explanation).not.toContain('on load');
    const load = await availability({ channels: ['load'], maxFailed: 0 }, 'load-availability').check(history);
    expect(load.valid).toBe(false);
    expect(load.explanation).toBe(
      "The load's requests went unserved for 100 ms (12:00:01.997–12:00:02.097) on load: 20 answered 502 from app-1, during kill-process of app-1 on node-2; " +
        'SLO: at most 0 failed requests, saw 20 (1 of 1601 not measured: never sent: the load generator fell behind its schedule). Unserved by target: page 20 of 1600.',
    );
  });

  it('names the requests lost in flight, and the fault that cost them though they were sent before it', async () => {
    const history = refusalHistory();
    // Sign-ins take 200 ms; those under way when the process is killed at 2,000 ms are reset then.
    probe(history, 'load', { fromMs: 0, toMs: 8_000, cadenceMs: 20, check: 'load' }, (s) =>
      s > 1_800 && s < 2_000 ? { target: 'sign-in', outcome: 'fail', error: 'reset', end: 2_000 } : { target: s % 40 === 0 ? 'page' : 'sign-in', latencyMs: s % 40 === 0 ? 5 : 200 },
    );
    const load = await availability({ channels: ['load'], maxFailed: 0 }, 'load-availability').check(history);
    expect(load.explanation).toMatch(/^The load's requests went unserved for 180 ms \(12:00:01.810–12:00:01.990\) on load: 9 reset, during kill-process of app-1 on node-2; /);
    expect(load.explanation).toMatch(/Unserved by target: sign-in 9 of 204\. Lost in flight: 9 requests under way when kill-process of app-1 on node-2 struck \(sign-in 9\)\.$/);
  });

  it('names the instance that answered 5xx, and fails a channel that sent nothing', async () => {
    const history = emptyHistory();
    probe(history, 'api', { fromMs: 0, toMs: 1_000, cadenceMs: 50, check: 'api' }, (s) => (s === 500 ? { outcome: 'fail', error: '5xx', instance: 'app-2' } : {}));
    const verdict = await availability({ channels: ['api', 'missing'], maxFailed: 0 }).check(history);
    expect(verdict.explanation).toContain('The api check failed for 50 ms (12:00:00.475–12:00:00.525) on api: 1 answered 5xx from app-2;');
    expect(verdict.explanation).toContain('missing sent no request, so nothing was measured.');
  });

  it('counts slots the probe could not use apart: said, never judged as failures, and a channel with none measured fails', async () => {
    const history = emptyHistory();
    const unmeasured = { outcome: 'info' as const, error: 'unmeasured' as const, detail: 'could not start on schedule: 2 visits already in flight (concurrency 2)' };
    probe(history, 'browser', { fromMs: 0, toMs: 10_000, cadenceMs: 1_000, check: 'browser' }, (s) => (s % 3_000 === 0 ? unmeasured : { latencyMs: 700 }));
    probe(history, 'blind', { fromMs: 0, toMs: 3_000, cadenceMs: 1_000, check: 'browser' }, () => unmeasured);
    const judged = await availability({ channels: ['browser'], maxFailed: 0, slowMs: 5_000 }, 'browser-availability').check(history);
    expect(judged).toMatchObject({ checker: 'browser-availability', valid: true });
    expect(judged.explanation).toBe('browser on browser: 6 of 6 requests served, no outage, p99 700 ms (4 of 10 not measured: could not start on schedule: 2 visits already in flight (concurrency 2)).');
    const blind = await availability({ channels: ['blind'], maxFailed: 0 }).check(history);
    expect(blind).toMatchObject({ valid: false, explanation: 'blind could not make any of its 3 requests, so nothing was measured.' });
  });

  it('tells a browser outage by the asset that failed, and leaves the browser out of the HTTP SLO\'s aside', async () => {
    const history = emptyHistory();
    probe(history, 'incognito', { fromMs: 0, toMs: 4_000, cadenceMs: 50 });
    const missing = { outcome: 'fail' as const, error: '4xx' as const, status: 404, instance: 'app-2', detail: 'script http://lb/assets/app.1234567890.js answered HTTP 404 from app-2' };
    probe(history, 'browser', { fromMs: 0, toMs: 4_000, cadenceMs: 1_000, check: 'browser' }, (s) => (s === 2_000 ? missing : {}));
    const browser = await availability({ channels: ['browser'], maxFailed: 0 }).check(history);
    expect(browser.explanation).toMatch(/^The page failed to load in a browser for 1.00 s \(12:00:01.500–12:00:02.500\) on browser: 1 answered 404 from app-2 \(first: script http:\/\/lb\/assets\/app.1234567890.js answered HTTP 404 from app-2\); SLO: at most 0 failed requests, saw 1\.$/);
    expect((await availability({ channels: ['incognito'], maxFailed: 0 }).check(history)).explanation).not.toContain('Not judged');
  });

  it('names the status codes it saw where the answers carried one', async () => {
    const history = emptyHistory();
    probe(history, 'incognito', { fromMs: 0, toMs: 2_000, cadenceMs: 50 }, (s) => {
      if (s >= 1_000 && s < 1_500) return { outcome: 'fail', error: '5xx', status: 503 };
      if (s === 1_500) return { outcome: 'fail', error: '5xx', status: 502 };
      if (s === 1_550) return { outcome: 'fail', error: 'refused' };
      return {};
    });
    const verdict = await availability({ maxFailed: 0 }).check(history);
    expect(verdict.explanation).toContain('on incognito: 10 answered 503, 1 answered 502, 1 refused;');
  });
});

describe('recovery', () => {
  it('times fault -> first success and fault -> replicas ready', async () => {
    const verdict = await recovery({ channel: 'incognito', maxFirstSuccessMs: 1_000, maxReadyMs: 5_000 }).check(refusalHistory());
    expect(verdict.figures).toMatchObject({ firstSuccessMs: 575, readyMs: 3_000, totalMs: 3_000 });
    expect(verdict.valid).toBe(true);
    expect(verdict.explanation).toBe('Recovered: incognito served again 575 ms after kill-process (at 12:00:02.575); desired replicas ready after 3.00 s.');
  });

  it('fails over budget, and when the replicas never came back', async () => {
    const late = await recovery({ channel: 'incognito', maxFirstSuccessMs: 100, maxReadyMs: 1_000 }).check(refusalHistory());
    expect(late.explanation).toBe(
      'Recovery too slow: the application served again only 575 ms after the fault (budget 100 ms); desired replicas were ready 3.00 s after the fault (budget 1.00 s).',
    );
    const history = emptyHistory();
    history.append({ type: 'fault', name: 'delete-instance', stage: 'inject-start', at: 100 });
    probe(history, 'incognito', { fromMs: 0, toMs: 1_000, cadenceMs: 50 });
    const never = await recovery({ maxReadyMs: 1_000 }).check(history);
    expect(never.valid).toBe(false);
    expect(never.explanation).toContain('the target never reported its desired replicas ready after the fault');
    expect((await recovery().check(history)).explanation).toBe('Recovered: incognito was served throughout delete-instance.');
  });

  it('judges recovery while the fault holds: a comeback after the heal does not count', async () => {
    const history = emptyHistory();
    history.append({ type: 'fault', name: 'terminate-node', stage: 'inject-start', at: 500 });
    history.append({ type: 'fault', name: 'terminate-node', stage: 'heal-start', at: 2_000 });
    probe(history, 'incognito', { fromMs: 0, toMs: 3_000, cadenceMs: 50 }, (s) => (s >= 500 && s < 2_200 ? { outcome: 'fail', error: 'unreachable' } : {}));
    const verdict = await recovery({ maxFirstSuccessMs: 10_000 }).check(history);
    expect(verdict.valid).toBe(false);
    expect(verdict.explanation).toBe('Recovery too slow: incognito was not served again before the fault was healed, 1.68 s after terminate-node.');
  });

  it('does not take a request answered before the fault took effect for a comeback', async () => {
    const history = emptyHistory();
    history.append({ type: 'fault', name: 'restart-database', stage: 'inject-start', at: 500 });
    history.append({ type: 'fault', name: 'restart-database', stage: 'heal-start', at: 2_000 });
    probe(history, 'db', { fromMs: 0, toMs: 3_000, cadenceMs: 50 }, (s) => (s >= 600 && s < 2_200 ? { outcome: 'fail', error: '5xx' } : {}));
    const verdict = await recovery({ channel: 'db', maxFirstSuccessMs: 10_000 }).check(history);
    expect(verdict.explanation).toBe('Recovery too slow: db was not served again before the fault was healed, 1.68 s after restart-database.');
  });

  it('cannot decide without a fault', async () => {
    expect((await recovery().check(emptyHistory())).valid).toBe('unknown');
  });
});

describe('session continuity', () => {
  it('counts logouts and moves between instances', async () => {
    const history = emptyHistory();
    probe(history, 'session', { fromMs: 0, toMs: 1_000, cadenceMs: 100 }, (s) => ({
      instance: s < 500 ? 'app-1' : 'app-2',
      session: s === 500 || s === 600 ? 'lost' : 'kept',
    }));
    const verdict = await sessionContinuity().check(history);
    expect(verdict.figures).toMatchObject({ requests: 10, lost: 1, moves: 1 });
    expect(verdict.explanation).toBe('Session broken: the user was logged out 1 time (12:00:00.500 on app-2); SLO: at most 0.');
    const lenient = await sessionContinuity({ maxLost: 1, maxMoves: 0 }).check(history);
    expect(lenient.explanation).toBe('Session broken: the session moved 1 time (app-1 → app-2 at 12:00:00.500); SLO: at most 0.');
  });

  it('passes a session that survived a move, and cannot decide without logged-in requests', async () => {
    const history = emptyHistory();
    probe(history, 'session', { fromMs: 0, toMs: 300, cadenceMs: 100 }, (s) => ({ instance: s < 200 ? 'a' : 'b', session: 'kept' }));
    expect((await sessionContinuity().check(history)).explanation).toBe('Session kept on session over 3 requests; it moved 1 time (a → b at 12:00:00.200).');
    expect((await sessionContinuity().check(emptyHistory())).valid).toBe('unknown');
  });
});

describe('data integrity', () => {
  function writes(final: string[]) {
    const history = emptyHistory();
    const add = (value: string, outcome: 'ok' | 'fail' | 'info', at: number) =>
      history.append({
        type: 'op', channel: 'writer', check: 'add', seq: at, scheduled: at, start: at, end: at + 10, outcome, latencyMs: 10, value,
        ...(outcome === 'fail' ? { status: 404, error: '4xx', detail: 'a pageModel with tpl code could not be found' } : {}),
      });
    add('p1', 'ok', 0);
    add('p2', 'ok', 100);
    add('p3', 'info', 200);
    add('p4', 'fail', 300);
    history.append({ type: 'op', channel: 'reader', check: 'read', seq: 0, scheduled: 1_000, start: 1_000, end: 1_050, outcome: 'ok', latencyMs: 50, values: final });
    return history;
  }

  it('counts attempted, acknowledged, lost, unexpected and recovered', async () => {
    const verdict = await dataIntegrity({ what: 'page' }).check(writes(['p1', 'p3', 'zz']));
    expect(verdict.figures).toMatchObject({ attempted: 4, acknowledged: 2, failed: 1, indeterminate: 1, lost: 1, unexpected: 1, recovered: 1 });
    expect(verdict.valid).toBe(false);
    expect(verdict.explanation).toBe(
      'Data lost: 1 of 2 acknowledged pages were lost: p2 (acknowledged at 12:00:00.110); 1 unexpected page appeared: zz (final read at 12:00:01.050). ' +
        '1 write refused: p4 (HTTP 404, a pageModel with tpl code could not be found).',
    );
  });

  it('passes when every acknowledged value is read back, and cannot decide without a final read', async () => {
    const verdict = await dataIntegrity({ what: 'page' }).check(writes(['p1', 'p2']));
    expect(verdict.explanation).toBe('All 2 acknowledged pages were read back; 1 indeterminate, 0 of the uncertain present. 1 write refused: p4 (HTTP 404, a pageModel with tpl code could not be found).');
    const noRead = emptyHistory();
    expect((await dataIntegrity().check(noRead)).valid).toBe('unknown');
  });
});

describe('cache coherence', () => {
  function coherence(readsOfB: (s: number) => string) {
    const history = emptyHistory();
    history.append({ type: 'op', channel: 'writer', check: 'update', seq: 0, scheduled: 0, start: 0, end: 100, outcome: 'ok', latencyMs: 100, value: 'v2' });
    probe(history, 'coherence', { fromMs: 100, toMs: 2_100, cadenceMs: 100, check: 'read-instance' }, () => ({ instance: 'a', value: 'v2' }));
    probe(history, 'coherence-b', { fromMs: 100, toMs: 2_100, cadenceMs: 100, check: 'read-instance' }, (s) => ({ instance: 'b', value: readsOfB(s) }));
    return history;
  }

  it('measures the time until every instance serves the new value', async () => {
    const verdict = await cacheCoherence({ budgetMs: 1_000 }).check(coherence((s) => (s < 400 ? 'v1' : 'v2')));
    expect(verdict.figures).toMatchObject({ updates: 1, instances: 2, worstLagMs: 305 });
    expect(verdict.explanation).toBe('Every instance served each update within 305 ms of its acknowledgement (budget 1.00 s).');
  });

  it('explains an instance that never served the update, and one that was too slow', async () => {
    const never = await cacheCoherence({ budgetMs: 1_000 }).check(coherence(() => 'v1'));
    expect(never.explanation).toBe('Stale cache: instance b still served "v1" at its last read (12:00:02.005), after "v2" was acknowledged; budget 1.00 s.');
    const slow = await cacheCoherence({ budgetMs: 100 }).check(coherence((s) => (s < 400 ? 'v1' : 'v2')));
    expect(slow.explanation).toBe('Stale cache: instance b served "v2" only 305 ms after it was acknowledged; budget 100 ms.');
    expect((await cacheCoherence({ budgetMs: 1 }).check(emptyHistory())).valid).toBe('unknown');
    const silent = await cacheCoherence({ budgetMs: 1_000, instances: ['a', 'b', 'c'] }).check(coherence((s) => (s < 400 ? 'v1' : 'v2')));
    expect(silent.explanation).toBe('Stale cache: instance c answered no read after "v2" was acknowledged; budget 1.00 s.');
  });
});

describe('premise', () => {
  const withLoad = (shape: (s: number) => Partial<Operation>) => {
    const history = refusalHistory();
    probe(history, 'load', { fromMs: 0, toMs: 8_000, cadenceMs: 20, check: 'load' }, shape);
    return history;
  };

  it('is met by a request sent before the fault and lost in flight when it struck, not by one lost before it', async () => {
    const met = await outageCaused('load').check(withLoad((s) => (s === 1_900 ? { outcome: 'fail', error: 'reset', end: 2_010 } : {})));
    expect(met).toMatchObject({ valid: true, explanation: 'Premise met: 1 request on load went unserved during kill-process of app-1 on node-2.' });
    const before = await outageCaused('load').check(withLoad((s) => (s === 1_000 ? { outcome: 'fail', error: 'reset', end: 1_010 } : {})));
    expect(before.valid).toBe('unknown');
    expect(before.explanation).toMatch(/^Premise not met: no outage was caused: all .* requests on load were served during kill-process of app-1 on node-2/);
  });
});

describe('verdicts', () => {
  it('merge with false above unknown above true', () => {
    expect(mergeValidity([true, 'unknown', false])).toBe(false);
    expect(mergeValidity([true, 'unknown'])).toBe('unknown');
    expect(mergeValidity([true, true])).toBe(true);
  });

  it('turn a checker that throws into unknown with its error', async () => {
    const broken: Checker = { name: 'broken', check: () => { throw new Error('boom'); } };
    const combined = await runCheckers(emptyHistory(), [broken]);
    expect(combined).toMatchObject({ valid: 'unknown', explanation: 'broken could not decide: boom' });
  });
});
