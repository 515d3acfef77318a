// Calibration against the real load balancer of the embedded target, at the default cadence.
// - Blackout: every instance is out of the load balancer for 2 s (HAProxy's runtime API puts
//   them in maintenance: 503 at once); every channel must measure it within 50 ms of what the
//   fault really lasted. That truth is itself measured, from the calls that begin and lift it,
//   and can run long on a loaded machine; its spread is reported, the instrument is judged
//   against it.
// - Stall: the load balancer is frozen (docker pause) for 2 s; connections open but nothing
//   answers. Every channel must see about 2 s of unavailability made of many held requests,
//   not one slow request (the coordinated omission check).
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outageWindows, type OutageWindow } from '../checkers/outages.js';
import { History } from '../history/history.js';
import { localTarget } from '../suite/local-target.js';
import type { StartedLocalTarget } from '../targets/local-docker/started-local-target.js';
import { CHANNEL_DEFAULTS, type ChannelSpec } from './channel.js';
import { Prober } from './prober.js';

const BLACKOUT_MS = 2_000;
const TOLERANCE_MS = 50;
// Held requests are answered in a burst after the stall; on 2 cores the burst takes up to ~150 ms.
const STALL_RELEASE_ALLOWANCE_MS = 250;
const SLOW_MS = 500;

let target: StartedLocalTarget;
let channels: ChannelSpec[];

beforeAll(async () => {
  target = await localTarget().withReplicas(2).start();
  const { contextPath, renderMarker } = target.endpoints;
  // The load balancer's own address: Docker's userland port proxy would add its own delays.
  const url = `${await target.loadBalancerUrl()}${contextPath}/`;
  const common = { url, check: 'render' as const, marker: renderMarker, ...CHANNEL_DEFAULTS, timeoutMs: 5_000, slowMs: SLOW_MS };
  channels = [
    { name: 'incognito', mode: 'incognito', ...common },
    { name: 'session', mode: 'session', ...common },
  ];
});

afterAll(async () => {
  await target?.stop();
});

/**
 * Runs the probes around a fault that `apply` holds for BLACKOUT_MS plus `lateMs` (a lift that
 * comes late, as on a loaded machine); returns the history and the truth: the fault began
 * between `applying` and `from`, and ended between `lifting` and `to`.
 */
async function around(apply: () => Promise<() => Promise<void>>, lateMs = 0) {
  const history = new History('calibration');
  const prober = new Prober(history, channels);
  await prober.start();
  await sleep(1_000);
  const applying = history.now();
  const lift = await apply();
  const from = history.now();
  await sleep(BLACKOUT_MS + lateMs - (history.now() - from));
  const lifting = history.now();
  await lift();
  const to = history.now();
  await sleep(1_000);
  await prober.stop();
  // The truth's best estimate (each call's midpoint) and its spread (half of each call's length).
  const truth = (lifting + to) / 2 - (applying + from) / 2;
  const spread = (from - applying) / 2 + (to - lifting) / 2;
  return { history, from, lifting, to, truth, spread };
}

const longest = (windows: OutageWindow[]) => windows.reduce((a, b) => (b.durationMs > a.durationMs ? b : a));

describe('calibration', () => {
  it.for([
    { lateMs: 0, what: 'a 2 s blackout' },
    { lateMs: 400, what: 'a blackout lifted 400 ms late, as a loaded machine lifts it' },
  ])('measures $what within 50 ms of what it really lasted, on every channel', async ({ lateMs }, { annotate }) => {
    const { history, from, truth, spread } = await around(async () => {
      const out = await target.takeBackendsOut();
      return out.putBack;
    }, lateMs);
    await annotate(`ground truth ${truth.toFixed(1)} ms ± ${spread.toFixed(1)} ms (the runtime API's calls)`);
    for (const channel of ['incognito', 'session']) {
      const w = longest(outageWindows(history.operations(channel), SLOW_MS));
      expect(w.kinds['5xx']).toBeGreaterThan(30);
      const error = w.durationMs - truth;
      expect(Math.abs(error), `${channel}: measured ${w.durationMs.toFixed(1)} ms for ${truth.toFixed(1)} ± ${spread.toFixed(1)} ms`).toBeLessThan(TOLERANCE_MS + spread);
      expect(Math.abs(w.start - from)).toBeLessThan(TOLERANCE_MS + spread);
    }
  });

  it('measures a 2 s stall as about 2 s of held requests, not one slow request (coordinated omission)', async () => {
    const { history, from, lifting, to, truth } = await around(async () => {
      const frozen = await target.pause('lb');
      return frozen.unpause;
    });
    for (const channel of ['incognito', 'session']) {
      const ops = history.operations(channel);
      const w = longest(outageWindows(ops, SLOW_MS));
      const error = w.durationMs - truth;
      expect(error, `${channel}: measured ${w.durationMs.toFixed(1)} ms for a ${truth.toFixed(1)} ms stall`).toBeGreaterThan(-TOLERANCE_MS);
      expect(error, `${channel}: measured ${w.durationMs.toFixed(1)} ms for a ${truth.toFixed(1)} ms stall`).toBeLessThan(STALL_RELEASE_ALLOWANCE_MS);
      // Requests kept going out on schedule during the stall...
      const held = ops.filter((o) => o.scheduled >= from && o.scheduled < to);
      expect(held.length).toBeGreaterThanOrEqual(Math.floor((truth / CHANNEL_DEFAULTS.cadenceMs) * 0.9));
      // ...every one of them waited until the stall ended, the first for all of it.
      expect(held.filter((o) => o.end < lifting).map((o) => `scheduled ${o.scheduled.toFixed(0)}, ended ${o.end.toFixed(0)}`)).toEqual([]);
      expect(Math.max(...held.map((o) => o.latencyMs))).toBeGreaterThan(truth - TOLERANCE_MS);
    }
  });
});
