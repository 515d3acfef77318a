// Every resource a run creates carries its run id, so that teardown, and the next run's
// preflight after an interrupted one, can find and remove it.
import { randomBytes } from 'node:crypto';

export const LABEL_PREFIX = 'org.entando-chaos';
export const LABELS = {
  run: `${LABEL_PREFIX}.run`,
  role: `${LABEL_PREFIX}.role`,
  node: `${LABEL_PREFIX}.node`,
  /** The process that owns the run; a run whose owner is gone was interrupted. */
  owner: `${LABEL_PREFIX}.owner-pid`,
} as const;

export type Role = 'app' | 'postgres' | 'redis' | 'sentinel' | 'lb';

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `chaos-${stamp}-${randomBytes(2).toString('hex')}`;
}

export function runLabels(runId: string, role: Role, node?: string): Record<string, string> {
  return {
    [LABELS.run]: runId,
    [LABELS.role]: role,
    [LABELS.owner]: String(process.pid),
    ...(node ? { [LABELS.node]: node } : {}),
  };
}
