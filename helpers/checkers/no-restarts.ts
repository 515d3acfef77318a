// Whether instances recovered by themselves, without a restart: restart counts recorded in
// notes ("restarts", a JSON object of instance -> count) at the start and at the end.
import type { History } from '../history/history.js';
import type { Checker } from './verdict.js';

export const RESTARTS_NOTE = 'restarts';

export function noRestarts(): Checker {
  return {
    name: 'no-restarts',
    check(history: History) {
      const notes = history.notes(RESTARTS_NOTE);
      if (notes.length < 2) return { checker: 'no-restarts', valid: 'unknown' as const, figures: {}, explanation: 'Restart counts were not recorded before and after.' };
      const before = JSON.parse(notes[0]!.text) as Record<string, number>;
      const after = JSON.parse(notes[notes.length - 1]!.text) as Record<string, number>;
      const restarted = Object.entries(after).filter(([name, count]) => count > (before[name] ?? 0));
      const replaced = Object.keys(before).filter((name) => !(name in after));
      const figures = { before, after, restarted: Object.fromEntries(restarted), replaced };
      const problems = [
        ...restarted.map(([name, count]) => `${name} restarted ${count - (before[name] ?? 0)} time(s)`),
        ...replaced.map((name) => `${name} was replaced`),
      ];
      return problems.length > 0
        ? { checker: 'no-restarts', valid: false, figures, explanation: `The application needed restarts to recover: ${problems.join(', ')}.` }
        : { checker: 'no-restarts', valid: true, figures, explanation: `No instance restarted (${Object.keys(after).length} kept running).` };
    },
  };
}
