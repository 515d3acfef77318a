// One capacity step: the prober at a given rate for a few seconds; prints JSON figures.
// usage: prober-load.ts URL MODE RATE SECONDS
import { setTimeout as sleep } from 'node:timers/promises';
import { percentile } from '../../helpers/checkers/stats.js';
import { History } from '../../helpers/history/history.js';
import { Prober } from '../../helpers/probes/prober.js';

const [url, mode, rate, seconds] = process.argv.slice(2);
const history = new History('capacity');
const prober = new Prober(history, [
  {
    name: 'load',
    mode: mode as 'incognito' | 'session',
    check: 'render',
    url: url!,
    marker: 'data-entando-rendered',
    cadenceMs: 1000 / Number(rate),
    timeoutMs: 2_000,
    slowMs: 1_000,
  },
]);
await prober.start();
await sleep(Number(seconds) * 1000 + 2_000);
await prober.stop();
// The first seconds load modules, warm up the JIT and fill the connection pool (measured: about
// 1.3 s); capacity is a steady-state figure.
const WARMUP_MS = 2_000;
const ops = history.operations().filter((o) => o.scheduled >= WARMUP_MS);
const lags = ops.map((o) => o.start - o.scheduled);
const span = (Math.max(...ops.map((o) => o.end)) - Math.min(...ops.map((o) => o.scheduled))) / 1000;
process.stdout.write(
  `${JSON.stringify({
    requested: Number(rate),
    sent: ops.length,
    achievedPerSecond: Math.round(ops.filter((o) => o.outcome === 'ok').length / span),
    notOk: ops.filter((o) => o.outcome !== 'ok').length,
    p50LagMs: Number(percentile(lags, 50)!.toFixed(2)),
    p99LagMs: Number(percentile(lags, 99)!.toFixed(2)),
    p99LatencyMs: Number(percentile(ops.map((o) => o.latencyMs), 99)!.toFixed(2)),
  })}\n`,
);
