// Session continuity: whether a logged-in user stayed logged in, and how often the load
// balancer moved them to another instance.
import { z } from 'zod';
import type { History } from '../history/history.js';
import { kebabName, nonNegative } from '../validation/leaves.js';
import { clock, plural } from './format.js';
import type { Checker } from './verdict.js';

export const sessionSloSchema = z.strictObject({
  channel: kebabName('a channel name').optional(),
  /** Times the user was logged out (default 0). */
  maxLost: nonNegative().optional(),
  /** Times the load balancer moved the session to another instance (unlimited when omitted). */
  maxMoves: nonNegative().optional(),
});

export type SessionSlo = z.infer<typeof sessionSloSchema>;

/** A limit as a breach quotes it, after "SLO: ": sessionLimit({}, 'maxLost') is "at most 0". */
export function sessionLimit(slo: SessionSlo, limit: 'maxLost' | 'maxMoves'): string {
  const value = limit === 'maxLost' ? (slo.maxLost ?? 0) : slo.maxMoves;
  if (value === undefined) throw new Error(`this session SLO sets no ${limit}: ${JSON.stringify(slo)}`);
  return `at most ${value}`;
}

export function sessionContinuity(slo: SessionSlo = {}): Checker {
  const channel = slo.channel ?? 'session';
  const maxLost = slo.maxLost ?? 0;
  return {
    name: 'session-continuity',
    check(history: History) {
      const ops = history.operations(channel).filter((o) => o.session !== undefined).sort((a, b) => a.scheduled - b.scheduled);
      if (ops.length === 0) {
        return { checker: 'session-continuity', valid: 'unknown' as const, figures: {}, explanation: `No logged-in request was answered on ${channel}.` };
      }
      const losses: { at: number; instance?: string }[] = [];
      const moves: { at: number; from: string; to: string }[] = [];
      let previous: (typeof ops)[number] | undefined;
      let lastInstance: string | undefined;
      for (const op of ops) {
        if (op.session === 'lost' && previous?.session !== 'lost') losses.push({ at: op.scheduled, instance: op.instance });
        if (op.instance && lastInstance && op.instance !== lastInstance) moves.push({ at: op.scheduled, from: lastInstance, to: op.instance });
        if (op.instance) lastInstance = op.instance;
        previous = op;
      }
      const figures = {
        channel,
        requests: ops.length,
        lost: losses.length,
        lostAt: losses.map((l) => history.wallClock(l.at).toISOString()),
        moves: moves.length,
        movesList: moves.map((m) => ({ at: history.wallClock(m.at).toISOString(), from: m.from, to: m.to })),
      };
      const moved = moves.length > 0 ? `moved ${plural(moves.length, 'time')} (${moves.map((m) => `${m.from} → ${m.to} at ${clock(history, m.at)}`).join(', ')})` : 'never moved';
      const problems: string[] = [];
      if (losses.length > maxLost) {
        problems.push(
          `the user was logged out ${plural(losses.length, 'time')} (${losses.map((l) => `${clock(history, l.at)}${l.instance ? ` on ${l.instance}` : ''}`).join(', ')}); SLO: ${sessionLimit(slo, 'maxLost')}`,
        );
      }
      if (slo.maxMoves !== undefined && moves.length > slo.maxMoves) problems.push(`the session ${moved}; SLO: ${sessionLimit(slo, 'maxMoves')}`);
      return {
        checker: 'session-continuity',
        valid: problems.length === 0,
        figures,
        explanation: problems.length > 0 ? `Session broken: ${problems.join('; ')}.` : `Session kept on ${channel} over ${plural(ops.length, 'request')}; it ${moved}.`,
      };
    },
  };
}
