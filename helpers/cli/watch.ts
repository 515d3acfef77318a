// `entando-chaos watch --url URL`: probes any URL until Ctrl-C or --duration, then prints
// every outage window and writes a report. This is how a person following the guide by hand
// (delete a pod, kill -9 a process) gets a measured answer.
import { z } from 'zod';
import { availability } from '../checkers/availability.js';
import { describeOutage } from '../checkers/availability.js';
import { clock, seconds } from '../checkers/format.js';
import { outageWindows } from '../checkers/outages.js';
import { runCheckers } from '../checkers/verdict.js';
import { History } from '../history/history.js';
import { Journal } from '../history/journal.js';
import { log } from '../log/log.js';
import { REPORTS_DIR } from '../paths.js';
import { CHANNEL_DEFAULTS, type ChannelSpec } from '../probes/channel.js';
import { preflight } from '../probes/preflight.js';
import { BROWSER_DEFAULTS } from '../probes/browser-channel.js';
import { BrowserProber } from '../probes/browser-prober.js';
import { Prober } from '../probes/prober.js';
import { SCENARIO_BROWSER_CADENCE_MS } from '../suite/channels.js';
import { saveResult } from '../report/scenario-result.js';
import { writeReports } from '../report/write-reports.js';
import { httpUrl } from '../validation/leaves.js';
import { duration, parseFlags } from './args.js';

const PROGRESS_MS = 5_000;

export const WATCH_FLAGS = {
  url: httpUrl('an absolute http(s) URL, e.g. --url http://127.0.0.1:8080/entando-de-app/'),
  // Until Ctrl-C unless given.
  duration: duration().default(Infinity),
  cadence: duration().default(CHANNEL_DEFAULTS.cadenceMs),
  timeout: duration().default(CHANNEL_DEFAULTS.timeoutMs),
  slow: duration().default(CHANNEL_DEFAULTS.slowMs),
  marker: z.string().optional(),
  health: z.string().min(1).optional(),
  'affinity-cookie': z.string().min(1).default('ROUTE'),
  /** Look through a real browser too: the CSS selector the page matches once its scripts ran (`body` for any page). */
  browser: z.string().min(1).optional(),
};

export async function watch(argv: string[]) {
  const flags = parseFlags(argv, WATCH_FLAGS);
  const url = flags.url;
  const common = { cadenceMs: flags.cadence, timeoutMs: flags.timeout, slowMs: flags.slow, affinityCookie: flags['affinity-cookie'] };
  const durationMs = flags.duration;
  const channels: ChannelSpec[] = [
    { name: 'incognito', mode: 'incognito', check: 'render', url, marker: flags.marker, ...common },
    { name: 'session', mode: 'session', check: 'render', url, marker: flags.marker, ...common },
  ];
  if (flags.health) channels.push({ name: 'api', mode: 'incognito', check: 'api', url: new URL(flags.health, url).href, ...common });

  await preflight(url);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = `${REPORTS_DIR}/watch-${stamp}`;
  const history = new History('watch', { target: url });
  const journal = await Journal.attach(history, `${dir}/journals/watch.jsonl`);
  const prober = new Prober(history, channels);
  const browserSpec = flags.browser ? { name: 'browser', url, markerSelector: flags.browser, cadenceMs: SCENARIO_BROWSER_CADENCE_MS } : undefined;
  const browser = browserSpec && new BrowserProber(history, browserSpec, { frames: { dir: `${dir}/frames/watch`, relativeTo: dir } });
  await browser?.start();
  await prober.start();
  history.phase('steady');
  const started = performance.now();
  log.info(`watching ${url}${Number.isFinite(durationMs) ? ` for ${seconds(durationMs)}` : ''}; press Ctrl-C to stop and get the report`);

  await new Promise<void>((resolve) => {
    const done = () => {
      clearInterval(progress);
      clearTimeout(timer);
      resolve();
    };
    const progress = setInterval(() => {
      const ops = history.operations('incognito');
      const bad = ops.filter((o) => o.outcome !== 'ok').length;
      const last = ops[ops.length - 1];
      log.info(
        `watching: ${seconds(performance.now() - started)} elapsed, ${ops.length} requests, ${bad} not served; ` +
          `last: ${last ? `${last.outcome}${last.error ? ` (${last.error})` : ''} ${Math.round(last.latencyMs)} ms` : 'none yet'}`,
      );
    }, PROGRESS_MS);
    const timer = Number.isFinite(durationMs) ? setTimeout(done, durationMs) : undefined;
    process.once('SIGINT', () => {
      // A second Ctrl-C leaves at once.
      process.once('SIGINT', () => process.exit(130));
      done();
    });
  });

  await Promise.all([prober.stop(), browser?.stop()]);
  history.phase('after');
  await journal.close();
  const http = { channels: channels.map((c) => c.name), maxFailed: 0, slowMs: common.slowMs };
  const visits = { channels: ['browser'], maxFailed: 0, slowMs: BROWSER_DEFAULTS.timeoutMs };
  const verdict = await runCheckers(history, [availability(http), ...(browser ? [availability(visits, 'browser-availability')] : [])]);
  const slowFor = (channel: string) => (channel === 'browser' ? visits.slowMs : common.slowMs);
  const windows = history.channels().flatMap((channel) => outageWindows(history.operations(channel), slowFor(channel)));
  const lines = windows.length
    ? windows.map((w) => `  ${clock(history, w.start)}–${clock(history, w.end)}  ${seconds(w.durationMs).padStart(8)}  ${describeOutage(history, history.operations(w.channel)[0]!.check, w)}`)
    : ['  none: every request was served within the slow threshold'];
  const result = await saveResult(
    {
      runId: `watch-${history.anchor.wallClock}`,
      id: 'watch',
      title: `Watch of ${url}`,
      expect: 'valid',
      holds: verdict.valid === true,
      target: { kind: 'url', url },
      startedAt: history.anchor.wallClock,
      durationMs: performance.now() - started,
      verdict,
      journal: 'journals/watch.jsonl',
    },
    history,
    dir,
  );
  const { html } = await writeReports([result], dir);
  process.stdout.write(`\nOutage windows (${windows.length}):\n${lines.join('\n')}\n\n${verdict.explanation}\nReport: ${html}\n`);
}
