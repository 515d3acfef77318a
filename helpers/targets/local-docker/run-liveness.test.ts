import { describe, expect, it } from 'vitest';
import { LABELS } from '../../docker/labels.js';
import { judgeRuns, LEASE_START_GRACE_MS, type LeaseRecord } from './run-liveness.js';

const now = new Date('2026-12-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const LIVE_PID = 100;
const options = { now, alive: (pid: number) => pid === LIVE_PID };
// An owner in another PID namespace: its number means nothing here.
const resource = (runId: string, pid: number | null = 4_194_305) => ({
  [LABELS.run]: runId,
  ...(pid === null ? {} : { [LABELS.owner]: String(pid) }),
});
const lease = (runId: string, record: Partial<LeaseRecord>): LeaseRecord => ({
  runId,
  name: `${runId}-lease`,
  status: 'running',
  created: ago(60_000),
  ...record,
});
const judge = (resources: Record<string, string>[], leases: LeaseRecord[]) =>
  Object.fromEntries(judgeRuns(resources, leases, options).map((j) => [j.runId, j]));

describe('a run with a lease', () => {
  it('is live while its keeper runs (or is paused), whatever its owner-pid label says', () => {
    const runs = judge([resource('a'), resource('b')], [lease('a', {}), lease('b', { status: 'paused' })]);
    expect(runs.a!.live).toBe(true);
    expect(runs.b!.live).toBe(true);
  });

  it('is expired once its keeper exited, and says when', () => {
    const runs = judge([resource('a', LIVE_PID)], [lease('a', { status: 'exited', finishedAt: ago(5_000) })]);
    expect(runs.a).toEqual({ runId: 'a', live: false, why: 'lease expired at 2026-12-01T11:59:55.000Z (a-lease exited)' });
  });

  it('is live while its keeper is being created, for a grace, and expired after it if never started', () => {
    const young = judge([], [lease('a', { status: 'created', created: ago(LEASE_START_GRACE_MS - 1_000) })]);
    expect(young.a!.live).toBe(true);
    const old = judge([], [lease('a', { status: 'created', created: ago(LEASE_START_GRACE_MS + 1_000) })]);
    expect(old.a!.live).toBe(false);
    expect(old.a!.why).toMatch(/^lease never held \(a-lease created since/);
  });

  it('is live once kept, though its keeper exited, until removed on purpose', () => {
    const runs = judge(
      [],
      [lease('a', { status: 'exited', finishedAt: ago(1_000) }), lease('a', { name: 'a-kept', status: 'created', keptAt: ago(2_000).toISOString() })],
    );
    expect(runs.a).toMatchObject({ live: true, why: expect.stringMatching(/^kept since/) });
  });

  it('takes the latest end among its keepers as the expiry', () => {
    const runs = judge(
      [],
      [lease('a', { status: 'exited', finishedAt: ago(9_000) }), lease('a', { name: 'a-lease2', status: 'dead', finishedAt: ago(3_000) })],
    );
    expect(runs.a!.why).toBe('lease expired at 2026-12-01T11:59:57.000Z (a-lease2 dead)');
  });
});

describe('a run from before leases', () => {
  it('is live while every owner pid it names is alive on this host', () => {
    expect(judge([resource('a', LIVE_PID), resource('a', LIVE_PID)], []).a!.live).toBe(true);
  });

  it('is expired when an owner pid is not alive here, or missing', () => {
    const runs = judge([resource('a', LIVE_PID), resource('a', 200), resource('b', null)], []);
    expect(runs.a).toEqual({ runId: 'a', live: false, why: 'no lease (made before leases) and owner pid 200 is not alive on this host' });
    expect(runs.b!.why).toBe('no lease (made before leases) and no owner pid label');
  });
});
