// Hand-made histories for checker tests: a schedule of requests whose outcome depends on
// their scheduled time, with a fixed wall-clock anchor so explanations are predictable.
import { History } from '../history/history.js';
import type { Operation } from '../history/records.js';

export const ANCHOR = '2026-01-01T12:00:00.000Z';

export function emptyHistory(): History {
  return new History('test', { anchor: { type: 'anchor', wallClock: ANCHOR, scenario: 'test' } });
}

/** Requests every `cadenceMs` from `fromMs` to `toMs`; `shape` turns a scheduled time into the rest of the operation. */
export function probe(
  history: History,
  channel: string,
  options: { fromMs: number; toMs: number; cadenceMs: number; check?: string },
  shape: (scheduled: number) => Partial<Operation> = () => ({}),
) {
  let seq = 0;
  for (let s = options.fromMs; s < options.toMs; s += options.cadenceMs) {
    const extra = shape(s);
    const latencyMs = extra.latencyMs ?? (extra.end !== undefined ? extra.end - s : 5);
    history.append({
      type: 'op',
      channel,
      check: options.check ?? 'render',
      seq: seq++,
      scheduled: s,
      start: s,
      end: s + latencyMs,
      outcome: 'ok',
      ...extra,
      latencyMs,
    });
  }
}
