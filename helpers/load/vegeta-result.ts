// One Vegeta result (`vegeta encode --to json`, a line per request) as an operation of the
// history, in the probes' terms: the same outcomes and error kinds, so the same checkers judge it.
import type { ErrorKind, Operation, Outcome } from '../history/records.js';

/** The fields of a result this suite reads. */
export interface VegetaResult {
  seq: number;
  code: number;
  /** When the request was sent, RFC 3339 with nanoseconds. */
  timestamp: string;
  /** Nanoseconds. */
  latency: number;
  error: string;
  method: string;
  url: string;
  headers?: Record<string, string[]> | null;
}

/** Wall-clock milliseconds of an RFC 3339 time, keeping the nanoseconds Date.parse drops. */
export function wallClockMs(timestamp: string): number {
  const fraction = /\.(\d+)/.exec(timestamp)?.[1] ?? '';
  const whole = Date.parse(timestamp.replace(/\.\d+/, ''));
  if (Number.isNaN(whole)) throw new Error(`not an RFC 3339 time: ${JSON.stringify(timestamp)}`);
  return whole + (fraction ? Number(`0.${fraction}`) * 1000 : 0);
}

// Go's net/http says how a request failed only in words.
const ERROR_WORDS: [RegExp, ErrorKind, Outcome][] = [
  [/Client\.Timeout|deadline exceeded|i\/o timeout|timeout awaiting/i, 'timeout', 'info'],
  [/connection refused/i, 'refused', 'fail'],
  [/connection reset|broken pipe|EOF|server closed|transport connection broken/i, 'reset', 'fail'],
  [/no route to host|network is unreachable|host is down/i, 'unreachable', 'fail'],
];

export function classifyResult(r: Pick<VegetaResult, 'code' | 'error'>): { outcome: Outcome; error?: ErrorKind; detail?: string } {
  if (r.code >= 500) return { outcome: 'fail', error: '5xx', detail: `HTTP ${r.code}` };
  if (r.code >= 400) return { outcome: 'fail', error: '4xx', detail: `HTTP ${r.code}` };
  // A redirect is an answer (the load does not follow them): a login answers 302.
  if (r.code >= 200 && !r.error) return { outcome: 'ok' };
  if (r.code > 0) return { outcome: 'fail', error: 'other', detail: `HTTP ${r.code}` };
  const detail = r.error.slice(0, 200) || 'no answer and no error';
  for (const [words, error, outcome] of ERROR_WORDS) if (words.test(r.error)) return { outcome, error, detail };
  return { outcome: 'fail', error: 'other', detail };
}

/**
 * `target` is the target's name (looked up by method and URL); `startMs` and `scheduledMs` are
 * history times, the latter from the pacer's schedule (the attack's start + seq / rate).
 */
export function toOperation(r: VegetaResult, fields: { channel: string; target: string; startMs: number; scheduledMs: number }): Operation {
  const latencyMs = r.latency / 1e6;
  const instance = r.headers?.['X-Entando-Instance']?.[0];
  return {
    type: 'op',
    channel: fields.channel,
    check: 'load',
    target: fields.target,
    seq: r.seq,
    scheduled: fields.scheduledMs,
    start: fields.startMs,
    end: fields.startMs + latencyMs,
    ...(r.code > 0 ? { status: r.code } : {}),
    latencyMs: fields.startMs + latencyMs - fields.scheduledMs,
    ...(instance ? { instance } : {}),
    ...classifyResult(r),
  };
}
