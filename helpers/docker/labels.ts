// Every resource a run creates carries its run id, so that teardown, and the next run's
// preflight after an interrupted one, can find and remove it.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export const LABEL_PREFIX = 'org.entando-chaos';
export const LABELS = {
  run: `${LABEL_PREFIX}.run`,
  role: `${LABEL_PREFIX}.role`,
  node: `${LABEL_PREFIX}.node`,
  /**
   * The process that owns the run, and the host it runs on: for information and for `target:down`
   * (which asks the owner to stop). A PID means something only in its own PID namespace, so
   * whether a run is live is its lease's to say (lease.ts); runs from before leases fall back to it.
   */
  owner: `${LABEL_PREFIX}.owner-pid`,
  ownerHost: `${LABEL_PREFIX}.owner-host`,
  /** On a lease container: the run was kept (KEEP_ON_FAILURE=1) and stays until `target:down`. */
  kept: `${LABEL_PREFIX}.kept`,
} as const;

export type Role = 'app' | 'postgres' | 'redis' | 'sentinel' | 'lb' | 'lease';

/** A time-ordered unique id, e.g. chaos-20261202014956-ce2e: a target's run (the default) or, with its own prefix, a suite's run. */
export function newRunId({ prefix = 'chaos', bytes = 2, now = new Date() }: { prefix?: string; bytes?: number; now?: Date } = {}): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${prefix}-${stamp}-${randomBytes(bytes).toString('hex')}`;
}

export interface RunOwner {
  pid: number;
  host: string;
}

export const currentOwner = (): RunOwner => ({ pid: process.pid, host: hostname() });

/** The labels every resource of a run carries: its run, and who owns it. */
export function ownerLabels(runId: string, owner: RunOwner = currentOwner()): Record<string, string> {
  return { [LABELS.run]: runId, [LABELS.owner]: String(owner.pid), [LABELS.ownerHost]: owner.host };
}

export function runLabels(runId: string, role: Role, node?: string): Record<string, string> {
  return { ...ownerLabels(runId), [LABELS.role]: role, ...(node ? { [LABELS.node]: node } : {}) };
}
