// Whether traffic through the load balancer reached every instance (the guide's "clustered
// instance" step): requests per instance, from the response header or the affinity cookie.
import type { History } from '../history/history.js';
import type { Checker } from './verdict.js';

export function instanceReach(options: { channel?: string; expected: string[] }): Checker {
  const channel = options.channel ?? 'incognito';
  return {
    name: 'instance-reach',
    check(history: History) {
      const served = new Map<string, number>();
      for (const op of history.operations(channel)) {
        if (op.outcome === 'ok' && op.instance) served.set(op.instance, (served.get(op.instance) ?? 0) + 1);
      }
      const figures = { channel, expected: options.expected, requestsByInstance: Object.fromEntries(served) };
      // Instances are named when responses carry their name; otherwise only distinct affinity values can be counted.
      const named = options.expected.some((name) => served.has(name));
      const missing = named ? options.expected.filter((name) => !served.has(name)) : [];
      const short = !named && served.size < options.expected.length;
      if (missing.length > 0 || short) {
        return {
          checker: 'instance-reach',
          valid: false,
          figures,
          explanation: named
            ? `Traffic on ${channel} never reached ${missing.join(', ')} (reached: ${[...served.keys()].join(', ') || 'none'}).`
            : `Traffic on ${channel} reached ${served.size} distinct instance(s), expected ${options.expected.length}.`,
        };
      }
      return {
        checker: 'instance-reach',
        valid: true,
        figures,
        explanation: `Traffic on ${channel} reached all ${options.expected.length} instances (${[...served.values()].join('/')} requests).`,
      };
    },
  };
}
