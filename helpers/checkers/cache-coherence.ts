// Cache coherence: after an acknowledged update (check "update"), how long until every
// instance serves the new value (check "read-instance", one instance per read).
import type { History } from '../history/history.js';
import type { Operation } from '../history/records.js';
import { budget, clock, seconds } from './format.js';
import { round } from './stats.js';
import type { Checker } from './verdict.js';

/**
 * `instances`: every instance that must serve the update; one with no successful read after it
 * (all timed out, say) is stale, not forgotten.
 */
export function cacheCoherence(options: { budgetMs: number; instances?: string[] }): Checker {
  return {
    name: 'cache-coherence',
    check(history: History) {
      const updates = history.operations().filter((o) => o.check === 'update' && o.outcome === 'ok' && o.value !== undefined);
      const reads = history.operations().filter((o) => o.check === 'read-instance' && o.outcome === 'ok' && o.instance);
      if (updates.length === 0 || reads.length === 0) {
        return { checker: 'cache-coherence', valid: 'unknown' as const, figures: {}, explanation: 'No acknowledged update was read back from the instances.' };
      }
      const results: { update: string; instance: string; lagMs: number | null; lastSeen?: string; lastReadAt?: number }[] = [];
      for (const update of updates) {
        const byInstance = new Map<string, Operation[]>();
        for (const read of reads.filter((r) => r.scheduled >= update.end).sort((a, b) => a.scheduled - b.scheduled)) {
          byInstance.set(read.instance!, [...(byInstance.get(read.instance!) ?? []), read]);
        }
        for (const instance of options.instances ?? []) {
          if (!byInstance.has(instance)) results.push({ update: update.value!, instance, lagMs: null, lastSeen: 'no successful read', lastReadAt: update.end });
        }
        for (const [instance, list] of byInstance) {
          // Converged at the first read from which every later read returns the new value.
          let converged: Operation | undefined;
          for (const read of list) {
            if (read.value === update.value) converged ??= read;
            else converged = undefined;
          }
          const last = list[list.length - 1]!;
          results.push({
            update: update.value!,
            instance,
            lagMs: converged ? round(Math.max(0, converged.end - update.end))! : null,
            lastSeen: last.value,
            lastReadAt: last.end,
          });
        }
      }
      const stale = results.filter((r) => r.lagMs === null || r.lagMs > options.budgetMs);
      const worst = Math.max(0, ...results.map((r) => r.lagMs ?? Infinity));
      const figures = {
        updates: updates.length,
        instances: [...new Set(results.map((r) => r.instance))].length,
        worstLagMs: Number.isFinite(worst) ? worst : null,
        budgetMs: options.budgetMs,
        results: results.map(({ lastReadAt, ...r }) => r),
      };
      if (stale.length > 0) {
        const s = stale[0]!;
        const how =
          s.lagMs === null
            ? s.lastSeen === 'no successful read'
              ? `answered no read after ${JSON.stringify(s.update)} was acknowledged`
              : `still served ${JSON.stringify(s.lastSeen)} at its last read (${clock(history, s.lastReadAt!)}), after ${JSON.stringify(s.update)} was acknowledged`
            : `served ${JSON.stringify(s.update)} only ${seconds(s.lagMs)} after it was acknowledged`;
        return {
          checker: 'cache-coherence',
          valid: false,
          figures,
          explanation: `Stale cache: instance ${s.instance} ${how}; ${budget(options.budgetMs)}${stale.length > 1 ? ` (${stale.length} instance reads over budget)` : ''}.`,
        };
      }
      return {
        checker: 'cache-coherence',
        valid: true,
        figures,
        explanation: `Every instance served each update within ${seconds(worst)} of its acknowledgement (${budget(options.budgetMs)}).`,
      };
    },
  };
}
