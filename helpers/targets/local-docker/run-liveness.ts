// Whether a run on the Docker engine is live or was left behind, from what the engine shows:
// its lease (docker/lease.ts) when it has one; else, for runs made before leases, the old rule
// (its owner PID is alive on this host), which is right only in the owner's PID namespace.
import { LABELS } from '../../docker/labels.js';

/**
 * How long a keeper may sit created but not started and still count as live: the moment between
 * createContainer and start in takeLease, stretched by a loaded machine. A run is never without
 * its keeper, so this grace is what keeps a preflight from removing a run that is being created.
 */
export const LEASE_START_GRACE_MS = 30_000;
const HELD_STATES = new Set(['running', 'paused', 'restarting']);
/** Whether a keeper in this Docker state still holds its run's lease. */
export const leaseHeld = (status: string) => HELD_STATES.has(status);

/** A lease container as its inspection shows it. */
export interface LeaseRecord {
  runId: string;
  name: string;
  /** Docker's State.Status: created, running, paused, restarting, removing, exited, dead. */
  status: string;
  created: Date;
  /** When the keeper exited; absent when it never ran. */
  finishedAt?: Date;
  /** When the run was kept (KEEP_ON_FAILURE=1), if it was. */
  keptAt?: string;
}

export interface RunJudgement {
  runId: string;
  live: boolean;
  /** Why, in words for the log: "lease expired at ...", "owner pid 123 is not alive on this host". */
  why: string;
}

export interface JudgeOptions {
  now: Date;
  /** Whether a PID is alive on this host; used only for runs without a lease. */
  alive: (pid: number) => boolean;
}

function judgeByLease(runId: string, leases: LeaseRecord[], now: Date): RunJudgement {
  const kept = leases.find((l) => l.keptAt);
  if (kept) return { runId, live: true, why: `kept since ${kept.keptAt}, until target:down` };
  const held = leases.find((l) => leaseHeld(l.status));
  if (held) return { runId, live: true, why: `lease held (${held.name} ${held.status})` };
  const starting = leases.find((l) => l.status === 'created' && now.getTime() - l.created.getTime() < LEASE_START_GRACE_MS);
  if (starting) return { runId, live: true, why: `lease being taken (${starting.name} created at ${starting.created.toISOString()})` };
  const ended = leases.filter((l) => l.finishedAt).sort((a, b) => b.finishedAt!.getTime() - a.finishedAt!.getTime())[0];
  if (ended) return { runId, live: false, why: `lease expired at ${ended.finishedAt!.toISOString()} (${ended.name} ${ended.status})` };
  const first = leases[0]!;
  return {
    runId,
    live: false,
    why: `lease never held (${first.name} ${first.status} since ${first.created.toISOString()}, not started within ${LEASE_START_GRACE_MS / 1000} s)`,
  };
}

function judgeByOwnerPid(runId: string, resources: Record<string, string>[], alive: (pid: number) => boolean): RunJudgement {
  for (const labels of resources) {
    const pid = Number(labels[LABELS.owner]);
    if (!Number.isInteger(pid)) return { runId, live: false, why: 'no lease (made before leases) and no owner pid label' };
    if (!alive(pid)) return { runId, live: false, why: `no lease (made before leases) and owner pid ${pid} is not alive on this host` };
  }
  return { runId, live: true, why: 'no lease (made before leases); owner pid alive on this host' };
}

/**
 * Judges every run found: `resources` are the labels of its containers and networks, `leases`
 * its inspected lease containers. A run with a lease is judged by the lease alone.
 */
export function judgeRuns(resources: Record<string, string>[], leases: LeaseRecord[], options: JudgeOptions): RunJudgement[] {
  const byRun = new Map<string, { resources: Record<string, string>[]; leases: LeaseRecord[] }>();
  const entry = (runId: string) => {
    let found = byRun.get(runId);
    if (!found) byRun.set(runId, (found = { resources: [], leases: [] }));
    return found;
  };
  for (const labels of resources) {
    const runId = labels[LABELS.run];
    if (runId) entry(runId).resources.push(labels);
  }
  for (const lease of leases) entry(lease.runId).leases.push(lease);
  return [...byRun].map(([runId, run]) =>
    run.leases.length > 0 ? judgeByLease(runId, run.leases, options.now) : judgeByOwnerPid(runId, run.resources, options.alive),
  );
}
