// Recovery: how long after the fault the application served again, and how long until the
// target had its desired replicas ready, against a budget.
import { z } from 'zod';
import type { History } from '../history/history.js';
import { CHANNEL_DEFAULTS } from '../probes/channel.js';
import { kebabName, nonNegative, numberIn } from '../validation/leaves.js';
import { budget, clock, seconds } from './format.js';
import { outageWindows } from './outages.js';
import { round } from './stats.js';
import type { Checker } from './verdict.js';

export const recoveryBudgetSchema = z.strictObject({
  /** The channel whose service is awaited (default: the first). */
  channel: kebabName('a channel name').optional(),
  slowMs: numberIn({ min: 1 }).optional(),
  /** Fault injection -> the application serves again. */
  maxFirstSuccessMs: nonNegative().optional(),
  /** Fault injection -> the target reports its desired replicas ready (note "replicas-ready"). */
  maxReadyMs: nonNegative().optional(),
});

export type RecoveryBudget = z.infer<typeof recoveryBudgetSchema>;

/**
 * "db was not served again before the fault was healed": the breach of a channel that never
 * came back while the fault held (`healed`), or before the run ended.
 */
export function notServedAgain(channel: string, healed: boolean): string {
  return `${channel} was not served again ${healed ? 'before the fault was healed' : 'before the run ended'}`;
}

/** A budget as a breach quotes it: recoveryLimit({ maxFirstSuccessMs: 15_000 }, 'maxFirstSuccessMs') is "budget 15.0 s". */
export function recoveryLimit(slo: RecoveryBudget, limit: 'maxFirstSuccessMs' | 'maxReadyMs'): string {
  const value = slo[limit];
  if (value === undefined) throw new Error(`this recovery budget sets no ${limit}: ${JSON.stringify(slo)}`);
  return budget(value);
}

export const READY_NOTE = 'replicas-ready';

export function recovery(slo: RecoveryBudget = {}): Checker {
  return {
    name: 'recovery',
    check(history: History) {
      const inject = history.faults().find((f) => f.stage === 'inject-start');
      if (!inject) return { checker: 'recovery', valid: 'unknown', figures: {}, explanation: 'No fault was injected, so there is no recovery to time.' };
      const channel = slo.channel ?? history.channels()[0];
      if (!channel) return { checker: 'recovery', valid: 'unknown', figures: {}, explanation: 'No probe ran, so recovery was not observed.' };
      const ready = history.notes(READY_NOTE).find((n) => n.at >= inject.at);
      // Recovery is judged while the fault holds: after its heal the target may come back for another reason.
      const healed = history.faults().find((f) => f.name === inject.name && f.stage === 'heal-start' && f.at >= inject.at);
      const horizon = ready?.at ?? healed?.at ?? Infinity;
      // The outage the fault caused: every window that ends after the injection and starts before the target was whole again.
      const caused = outageWindows(history.operations(channel), slo.slowMs ?? CHANNEL_DEFAULTS.slowMs).filter(
        (w) => w.end > inject.at && w.start < horizon,
      );
      const servedAgain = caused.length > 0 ? caused[caused.length - 1]!.end : inject.at;
      const firstSuccessMs = round(Math.max(0, servedAgain - inject.at))!;
      const during = history.operations(channel).filter((op) => op.scheduled > inject.at && op.scheduled < (healed?.at ?? Infinity));
      // "Again" is after the fault took effect: a request answered before its first failure
      // (the fault still on its way: a pod being deleted, a node being killed) does not count.
      const firstFailure = during.reduce((min, op) => (op.outcome !== 'ok' && op.scheduled < min ? op.scheduled : min), Infinity);
      const after = during.filter((op) => op.scheduled >= firstFailure);
      const neverAgain = after.length > 0 && after.every((op) => op.outcome !== 'ok');
      const readyMs = ready ? round(ready.at - inject.at)! : undefined;
      const figures = {
        fault: inject.name,
        channel,
        servedAgain: !neverAgain,
        firstSuccessMs,
        readyMs: readyMs ?? null,
        totalMs: round(Math.max(firstSuccessMs, readyMs ?? 0))!,
        budget: slo,
      };
      const problems: string[] = [];
      if (neverAgain) {
        problems.push(`${notServedAgain(channel, healed !== undefined)}, ${seconds(firstSuccessMs)} after ${inject.name}`);
      } else if (slo.maxFirstSuccessMs !== undefined && firstSuccessMs > slo.maxFirstSuccessMs) {
        problems.push(`the application served again only ${seconds(firstSuccessMs)} after the fault (${recoveryLimit(slo, 'maxFirstSuccessMs')})`);
      }
      if (slo.maxReadyMs !== undefined) {
        if (readyMs === undefined) problems.push('the target never reported its desired replicas ready after the fault');
        else if (readyMs > slo.maxReadyMs) problems.push(`desired replicas were ready ${seconds(readyMs)} after the fault (${recoveryLimit(slo, 'maxReadyMs')})`);
      }
      const story =
        `${caused.length > 0 ? `${channel} served again ${seconds(firstSuccessMs)} after ${inject.name} (at ${clock(history, servedAgain)})` : `${channel} was served throughout ${inject.name}`}` +
        `${readyMs !== undefined ? `; desired replicas ready after ${seconds(readyMs)}` : ''}`;
      return {
        checker: 'recovery',
        valid: problems.length === 0,
        figures,
        explanation: problems.length > 0 ? `Recovery too slow: ${problems.join('; ')}.` : `Recovered: ${story}.`,
      };
    },
  };
}
