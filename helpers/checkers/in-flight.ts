// Requests lost in flight: under way while a fault struck (sent before its injection ended, failed
// after it began) and dropped by the instance they reached: a reset, a timeout, or a gateway's 502
// or 504 (its upstream broke or went silent). It is what a shutdown that does not drain costs, and
// what a balancer cannot retry for a POST that reached the instance. A refusal or a 503 found no
// instance and is an outage, not this. Said apart from outages, whose windows are drawn around
// when a request was sent and so can end before the fault that cost it began.
import type { History } from '../history/history.js';
import type { Operation } from '../history/records.js';
import { describeFault, plural } from './format.js';

export interface InFlightLoss {
  fault: string;
  lost: number;
  /** By the load's target, when the requests name one: "sign-in 11". */
  byTarget: Record<string, number>;
}

const dropped = (op: Operation) => op.error === 'reset' || op.error === 'timeout' || op.status === 502 || op.status === 504;

export function lostInFlight(history: History, ops: Operation[]): InFlightLoss[] {
  const losses: InFlightLoss[] = [];
  const faults = history.faults();
  for (const event of faults) {
    if (event.stage !== 'inject-start') continue;
    const injected = faults.find((f) => f.stage === 'inject-end' && f.name === event.name && f.at >= event.at)?.at ?? event.at;
    const lost = ops.filter((op) => op.outcome !== 'ok' && dropped(op) && op.start < injected && op.end >= event.at);
    if (lost.length === 0) continue;
    const byTarget: Record<string, number> = {};
    for (const op of lost) if (op.target !== undefined) byTarget[op.target] = (byTarget[op.target] ?? 0) + 1;
    losses.push({ fault: describeFault(event), lost: lost.length, byTarget });
  }
  return losses;
}

/** "Lost in flight: 11 requests under way when delete-instance of app-1 struck (sign-in 11)." */
export function describeInFlight(losses: InFlightLoss[]): string | undefined {
  if (losses.length === 0) return undefined;
  const each = losses.map((l) => {
    const targets = Object.entries(l.byTarget).map(([name, n]) => `${name} ${n}`);
    return `${plural(l.lost, 'request')} under way when ${l.fault} struck${targets.length ? ` (${targets.join(', ')})` : ''}`;
  });
  return `Lost in flight: ${each.join('; ')}.`;
}
