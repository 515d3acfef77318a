import { describe, expect, it } from 'vitest';
import { outageWindows } from './outages.js';
import { emptyHistory, probe } from './test-histories.js';

const windowsOf = (shape: Parameters<typeof probe>[3], slowMs = 1_000) => {
  const history = emptyHistory();
  probe(history, 'incognito', { fromMs: 0, toMs: 6_000, cadenceMs: 50 }, shape);
  return outageWindows(history.operations(), slowMs);
};

describe('outage windows', () => {
  it('measures a run of refusals as the time between the last good and the first good sample, split at midpoints', () => {
    const [w, ...rest] = windowsOf((s) => (s >= 1_000 && s < 3_000 ? { outcome: 'fail', error: 'refused' } : {}));
    expect(rest).toEqual([]);
    expect(w).toMatchObject({ start: 975, end: 2_975, durationMs: 2_000, bad: 40, kinds: { refused: 40 } });
  });

  it('measures a stall, whose held responses are released together, until the release', () => {
    // Everything sent during [1000, 3000) is answered at 3000: the user got nothing for 2 s.
    const [w, ...rest] = windowsOf((s) => (s >= 1_000 && s < 3_000 ? { end: 3_000 } : {}));
    expect(rest).toEqual([]);
    expect(w!.start).toBe(975);
    expect(w!.end).toBe(3_000);
    expect(w!.kinds).toEqual({ slow: 20 });
  });

  it('counts one failed request as one cadence of outage', () => {
    const windows = windowsOf((s) => (s === 2_000 ? { outcome: 'info', error: 'timeout', latencyMs: 2_000 } : {}));
    expect(windows.map((w) => [w.start, w.end, w.kinds])).toEqual([[1_975, 2_025, { timeout: 1 }]]);
  });

  it('counts a success as bad only when slower than slowMs', () => {
    expect(windowsOf((s) => (s === 2_000 ? { latencyMs: 999 } : {}))).toEqual([]);
    expect(windowsOf((s) => (s === 2_000 ? { latencyMs: 1_001 } : {}))[0]).toMatchObject({ start: 1_975, end: 3_001 });
  });

  it('keeps separate outages apart and names the instances that answered badly', () => {
    const windows = windowsOf((s) =>
      s === 1_000 ? { outcome: 'fail', error: '5xx', instance: 'app-1' } : s === 4_000 ? { outcome: 'fail', error: 'reset' } : {},
    );
    expect(windows.map((w) => [w.start, w.instances])).toEqual([
      [975, ['app-1']],
      [3_975, []],
    ]);
  });
});
