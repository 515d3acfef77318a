// How long after a fault a milestone was reached (a note in the history), against a budget:
// e.g. "a replica was promoted" after "kill-redis-master".
import type { History } from '../history/history.js';
import { budget, clock, seconds } from './format.js';
import { round } from './stats.js';
import type { Checker } from './verdict.js';

export interface MilestoneOptions {
  /** Checker name, e.g. "redis-failover". */
  name: string;
  fault: string;
  note: string;
  /** In words: "a replica was promoted to master". */
  what: string;
  budgetMs: number;
}

/**
 * The explanation of a milestone never reached: "After kill-redis-master, a replica was
 * promoted to master: never (budget 15.0 s)."
 */
export function milestoneMissed(options: Pick<MilestoneOptions, 'fault' | 'what' | 'budgetMs'>): string {
  return `After ${options.fault}, ${options.what}: never (${budget(options.budgetMs)}).`;
}

export function milestone(options: MilestoneOptions): Checker {
  return {
    name: options.name,
    check(history: History) {
      const inject = history.faults().find((f) => f.name === options.fault && f.stage === 'inject-start');
      if (!inject) return { checker: options.name, valid: 'unknown' as const, figures: {}, explanation: `${options.fault} was never injected.` };
      const reached = history.notes(options.note).find((n) => n.at >= inject.at);
      const afterMs = reached ? round(reached.at - inject.at)! : null;
      const figures = { fault: options.fault, milestone: options.note, afterMs, budgetMs: options.budgetMs };
      if (afterMs === null) {
        return { checker: options.name, valid: false, figures, explanation: milestoneMissed(options) };
      }
      return {
        checker: options.name,
        valid: afterMs <= options.budgetMs,
        figures,
        explanation: `${options.what} ${seconds(afterMs)} after ${options.fault} (at ${clock(history, reached!.at)}; ${budget(options.budgetMs)}).`.replace(/^./, (c) => c.toUpperCase()),
      };
    },
  };
}
