// How explanations write times and counts: wall-clock times a person can find in logs.
import type { History } from '../history/history.js';
import type { ErrorKind } from '../history/records.js';

export function clock(history: History, at: number): string {
  return history.wallClock(at).toISOString().slice(11, 23);
}

export function seconds(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** "budget 15.0 s": how every checker quotes a time budget. */
export function budget(ms: number): string {
  return `budget ${seconds(ms)}`;
}

export function span(history: History, start: number, end: number): string {
  return `${clock(history, start)}–${clock(history, end)}`;
}

const KIND_WORDS: Record<ErrorKind | 'slow', string> = {
  refused: 'refused',
  reset: 'reset',
  timeout: 'timed out',
  unreachable: 'unreachable (no route to host)',
  '5xx': 'answered 5xx',
  '4xx': 'answered 4xx',
  'wrong-content': 'answered without the expected content',
  other: 'failed otherwise',
  unmeasured: 'not measured (the probe could not make the request)',
  slow: 'slow',
};

/**
 * "64 refused, 12 answered 503, 2 timed out", largest first. Answers with a known status are
 * named by it (503 is the load balancer without a server, 502 a backend that broke off).
 */
export function describeKinds(counts: Partial<Record<ErrorKind | 'slow', number>>, statuses: Record<number, number> = {}): string {
  const parts: [string, number][] = [];
  const named = { '5xx': 0, '4xx': 0 };
  for (const [status, n] of Object.entries(statuses)) {
    parts.push([`answered ${status}`, n]);
    named[Number(status) >= 500 ? '5xx' : '4xx'] += n;
  }
  for (const [kind, n = 0] of Object.entries(counts) as [ErrorKind | 'slow', number | undefined][]) {
    const rest = kind === '5xx' || kind === '4xx' ? n - named[kind] : n;
    if (rest > 0) parts.push([KIND_WORDS[kind], rest]);
  }
  return parts
    .sort((a, b) => b[1] - a[1])
    .map(([words, n]) => `${n} ${words}`)
    .join(', ');
}

export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/** A fault as explanations name it: "delete-instance of instance app-1 on node-1". */
export function describeFault(event: { name: string; detail?: string }): string {
  return `${event.name}${event.detail ? ` of ${event.detail}` : ''}`;
}
