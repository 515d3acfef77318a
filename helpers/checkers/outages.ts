// Outage windows, from what the user received.
//
// Each request samples the service at its scheduled time and stands for the interval of one
// cadence around it. A request is bad when it failed, timed out, or succeeded slower than
// `slowMs`. A failed or timed-out request makes its interval unavailable; a slow success makes
// unavailable everything from its interval's start until its response arrived, because the
// user was waiting all that time. Overlapping unavailable intervals merge into one window.
// So a refusal shows as a run of failures, and a stall as a gap in successful responses that
// ends when the held responses are released: both measure the time the user got nothing,
// within half a cadence at each end.
import type { ErrorKind, Operation } from '../history/records.js';
import { median } from './stats.js';

export interface OutageWindow {
  channel: string;
  start: number;
  end: number;
  durationMs: number;
  /** Requests in the window by reason: failures by kind, timeouts, and slow successes. */
  kinds: Partial<Record<ErrorKind | 'slow', number>>;
  /** The HTTP statuses of the requests answered 4xx or 5xx, by status: "503" tells more than "5xx". */
  statuses: Record<number, number>;
  bad: number;
  /** Instances named by the bad requests, when responses named one. */
  instances: string[];
  /** What the first failed request said went wrong (a browser visit names the asset). */
  firstDetail?: string;
  /** When the last of its bad requests ended: one lost in flight failed after the window it was sent in. */
  settledAt: number;
}

export function isBad(op: Operation, slowMs: number): boolean {
  return op.outcome !== 'ok' || op.latencyMs > slowMs;
}

/** The channel's cadence, from its schedule (ops sorted by scheduled time). */
export function cadenceOf(ops: Operation[]): number {
  const deltas: number[] = [];
  for (let i = 1; i < ops.length; i++) deltas.push(ops[i]!.scheduled - ops[i - 1]!.scheduled);
  return median(deltas.filter((d) => d > 0)) ?? 0;
}

export function outageWindows(channelOps: Operation[], slowMs: number): OutageWindow[] {
  const ops = [...channelOps].sort((a, b) => a.scheduled - b.scheduled);
  const half = cadenceOf(ops) / 2;
  const windows: OutageWindow[] = [];
  let current: OutageWindow | undefined;
  for (const op of ops) {
    if (!isBad(op, slowMs)) continue;
    const start = op.scheduled - half;
    const end = op.outcome === 'ok' ? Math.max(op.scheduled + half, op.end) : op.scheduled + half;
    // Touching intervals (consecutive bad samples) merge; a tiny tolerance absorbs float error.
    if (current && start <= current.end + half * 0.01) {
      current.end = Math.max(current.end, end);
    } else {
      current = { channel: op.channel, start, end, durationMs: 0, kinds: {}, statuses: {}, bad: 0, instances: [], settledAt: op.end };
      windows.push(current);
    }
    const kind = op.outcome === 'ok' ? 'slow' : (op.error ?? 'other');
    current.kinds[kind] = (current.kinds[kind] ?? 0) + 1;
    if ((kind === '5xx' || kind === '4xx') && op.status !== undefined) current.statuses[op.status] = (current.statuses[op.status] ?? 0) + 1;
    current.bad++;
    current.settledAt = Math.max(current.settledAt, op.end);
    if (op.outcome !== 'ok' && current.firstDetail === undefined && op.detail) current.firstDetail = op.detail;
    if (op.instance && !current.instances.includes(op.instance)) current.instances.push(op.instance);
  }
  for (const w of windows) w.durationMs = w.end - w.start;
  return windows;
}
