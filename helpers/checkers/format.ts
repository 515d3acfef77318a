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
  slow: 'slow',
};

/** "64 refused, 2 timed out", largest first. */
export function describeKinds(counts: Partial<Record<ErrorKind | 'slow', number>>): string {
  return Object.entries(counts)
    .filter(([, n]) => (n ?? 0) > 0)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([kind, n]) => `${n} ${KIND_WORDS[kind as ErrorKind | 'slow']}`)
    .join(', ');
}

export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}
