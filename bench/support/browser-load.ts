// One configuration of the browser bench: the HTTP prober at a scenario's rate for a while,
// with or without the browser channel beside it in the same process, as a scenario runs them.
// Prints JSON figures. usage: browser-load.ts URL SECONDS with-browser|http-only
import { setTimeout as sleep } from 'node:timers/promises';
import { percentile } from '../../helpers/checkers/stats.js';
import { History } from '../../helpers/history/history.js';
import { BrowserProber } from '../../helpers/probes/browser-prober.js';
import { Prober } from '../../helpers/probes/prober.js';

const [url, seconds, mode] = process.argv.slice(2);
// A scenario's three HTTP channels at 50 ms each.
const HTTP_CHANNELS = ['incognito', 'session', 'api'];
const WARMUP_MS = 3_000;
const history = new History('browser-bench');
const prober = new Prober(
  history,
  HTTP_CHANNELS.map((name) => ({ name, mode: name === 'session' ? ('session' as const) : ('incognito' as const), check: 'render' as const, url: url!, marker: 'data-entando-rendered', cadenceMs: 50, timeoutMs: 2_000, slowMs: 1_000 })),
);
const browser = mode === 'with-browser' ? new BrowserProber(history, { name: 'browser', url: url!, markerSelector: '[data-script="ran"]' }) : undefined;
await prober.start();
await browser?.start();
await sleep(Number(seconds) * 1000 + WARMUP_MS);
await prober.stop();
await browser?.stop();

const ops = history.operations().filter((o) => o.scheduled >= WARMUP_MS);
const http = ops.filter((o) => o.check === 'render');
const visits = ops.filter((o) => o.check === 'browser');
const round = (n: number | undefined) => (n === undefined ? null : Number(n.toFixed(2)));
process.stdout.write(
  `${JSON.stringify({
    mode,
    httpRequests: http.length,
    httpNotOk: http.filter((o) => o.outcome !== 'ok').length,
    httpP50LagMs: round(percentile(http.map((o) => o.start - o.scheduled), 50)),
    httpP99LagMs: round(percentile(http.map((o) => o.start - o.scheduled), 99)),
    browserVisits: visits.length,
    browserOk: visits.filter((o) => o.outcome === 'ok').length,
    browserUnmeasured: visits.filter((o) => o.error === 'unmeasured').length,
    browserP50Ms: round(percentile(visits.filter((o) => o.outcome === 'ok').map((o) => o.latencyMs), 50)),
  })}\n`,
);
