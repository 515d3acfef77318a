// The highest constant rate at which the embedded target (2 instances, graceful shutdown, the HA
// load balancer, as pod-deletion runs) keeps every request of the load channel served through a
// pod deletion on these 2 cores. One target; each rate from a whole, warmed-up deployment: 4 s of
// load, the session instance deleted (10 s grace), load until it is replaced and 2 s more.
// Goal (issue 14): >= 500 requests/s with 0 failed.
import { setTimeout as sleep } from 'node:timers/promises';
import { History } from '../helpers/history/history.js';
import { LoadGenerator } from '../helpers/load/load-generator.js';
import { percentile } from '../helpers/checkers/stats.js';
import { loadSpec } from '../helpers/suite/load-targets.js';
import { LocalTarget } from '../helpers/targets/local-docker/local-target.js';
import { writeFigures } from './write-figures.js';

const RATES = (process.argv.find((a) => a.startsWith('--rates='))?.slice('--rates='.length) ?? '300,500,700,900').split(',').map(Number);

const target = await new LocalTarget().withReplicas(2).start();
const runs: { ratePerSecond: number; sent: number; failed: number; timedOut: number; unsent: number; p99Ms: number | null; maxMs: number | null }[] = [];
try {
  for (const rate of RATES) {
    const history = new History('load-capacity');
    const load = new LoadGenerator(history, await loadSpec(target, rate));
    await load.start();
    await sleep(4_000);
    const [victim] = await target.instances();
    await target.deleteInstance(victim!.name, { gracePeriodMs: 10_000 });
    await target.waitForInstancesReady(2, { timeoutMs: target.startupTimeoutMs });
    await sleep(2_000);
    const figures = await load.stop();
    const ops = history.operations('load').filter((o) => o.error !== 'unmeasured');
    const served = ops.filter((o) => o.outcome === 'ok').map((o) => o.latencyMs);
    const round = (n: number | undefined) => (n === undefined ? null : Number(n.toFixed(1)));
    runs.push({
      ratePerSecond: rate,
      sent: figures.sent,
      failed: ops.filter((o) => o.outcome === 'fail').length,
      timedOut: ops.filter((o) => o.outcome === 'info').length,
      unsent: figures.unsent,
      p99Ms: round(percentile(served, 99)),
      maxMs: round(percentile(served, 100)),
    });
    process.stderr.write(`${JSON.stringify(runs.at(-1))}\n`);
  }
} finally {
  await target.stop();
}
const held = runs.filter((r) => r.failed + r.timedOut + r.unsent === 0).map((r) => r.ratePerSecond);
await writeFigures('load-capacity', {
  method: 'embedded target, 2 instances, graceful shutdown, HA HAProxy; per rate: Vegeta over page, health, guest API read and signed-in page; 4 s, then the first instance deleted (10 s grace), load until 2 instances are ready and 2 s more',
  runs,
  highestRateWithNoneLost: held.length ? Math.max(...held) : null,
  goalRatePerSecond: 500,
});
