// One configuration of the browser bench: the HTTP prober at a scenario's rate for a while,
// with or without the browser channel beside it (its own process, as a scenario runs it).
// Prints JSON figures. usage: browser-load.ts URL SECONDS none|CADENCE_MS
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { percentile } from '../../helpers/checkers/stats.js';
import { History } from '../../helpers/history/history.js';
import { BrowserProber } from '../../helpers/probes/browser-prober.js';
import { Prober } from '../../helpers/probes/prober.js';

const [url, seconds, cadence] = process.argv.slice(2);
// A scenario's three HTTP channels at 50 ms each.
const HTTP_CHANNELS = ['incognito', 'session', 'api'];
const WARMUP_MS = 3_000;

/** The machine's busy CPU time so far, in core-seconds: Chromium's processes leave the tree /usr/bin/time can count. */
function busyCoreSeconds(): number {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const ticks = fields.map(Number);
  const idle = ticks[3]! + ticks[4]!;
  return (ticks.reduce((a, b) => a + b, 0) - idle) / 100;
}

const history = new History('browser-bench');
const prober = new Prober(
  history,
  HTTP_CHANNELS.map((name) => ({ name, mode: name === 'session' ? ('session' as const) : ('incognito' as const), check: 'render' as const, url: url!, marker: 'data-entando-rendered', cadenceMs: 50, timeoutMs: 2_000, slowMs: 1_000 })),
);
const browser = cadence === 'none' ? undefined : new BrowserProber(history, { name: 'browser', url: url!, markerSelector: '[data-script="ran"]', cadenceMs: Number(cadence) });
// The browser first: its start (a process, Chromium) is not what a scenario's steady state sees.
await browser?.start();
await prober.start();
await sleep(WARMUP_MS);
const measuredFrom = history.now();
const busyBefore = busyCoreSeconds();
await sleep(Number(seconds) * 1000);
const cores = (busyCoreSeconds() - busyBefore) / ((history.now() - measuredFrom) / 1000);
await prober.stop();
await browser?.stop();

const ops = history.operations().filter((o) => o.scheduled >= measuredFrom && o.scheduled < measuredFrom + Number(seconds) * 1000);
const http = ops.filter((o) => o.check === 'render');
const lags = http.map((o) => o.start - o.scheduled);
const visits = ops.filter((o) => o.check === 'browser');
const round = (n: number | undefined) => (n === undefined ? null : Number(n.toFixed(2)));
process.stdout.write(
  `${JSON.stringify({
    browserCadenceMs: cadence === 'none' ? null : Number(cadence),
    machineCoresBusy: round(cores),
    httpRequests: http.length,
    httpNotOk: http.filter((o) => o.outcome !== 'ok').length,
    httpP50LagMs: round(percentile(lags, 50)),
    httpP99LagMs: round(percentile(lags, 99)),
    httpMaxLagMs: round(percentile(lags, 100)),
    browserVisits: visits.length,
    browserOk: visits.filter((o) => o.outcome === 'ok').length,
    browserUnmeasured: visits.filter((o) => o.error === 'unmeasured').length,
    browserP50Ms: round(percentile(visits.filter((o) => o.outcome === 'ok').map((o) => o.latencyMs), 50)),
  })}\n`,
);
