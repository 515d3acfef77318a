// The browser channel's open loop: a visit every `cadenceMs`, on schedule, whatever earlier
// visits are doing, as the HTTP prober sends its requests. A browser cannot run visits without
// bound on two cores, so at most `concurrency` run at once; a visit due beyond that is recorded
// as unmeasured time (outcome info), so the checker sees the gap instead of a schedule that
// silently thinned out while the page was slow.
import type { Browser } from 'playwright-core';
import type { History } from '../history/history.js';
import type { Operation } from '../history/records.js';
import { log } from '../log/log.js';
import { validateBrowserChannel, type BrowserSpec, type BrowserSpecInput } from './browser-channel.js';
import { visit, type VisitResult } from './browser-visit.js';
import { launchChromium } from './chromium.js';
import { OpenLoop } from './open-loop.js';

const BROWSER_CHECK = 'browser';

export class BrowserProber {
  private readonly spec: BrowserSpec;
  private readonly schedule: OpenLoop;
  private browser?: Browser;
  private inFlight = 0;
  private seq = 0;

  constructor(
    private readonly history: History,
    spec: BrowserSpecInput,
  ) {
    this.spec = validateBrowserChannel(spec);
    this.schedule = new OpenLoop(() => history.now(), [{ cadenceMs: this.spec.cadenceMs, fire: (scheduled) => this.due(scheduled) }]);
  }

  /** One browser process for the channel's life; each visit gets its own context. */
  async start(): Promise<void> {
    this.browser = await launchChromium();
    this.schedule.start();
    const { name, cadenceMs, concurrency } = this.spec;
    log.info(`probing ${name} (browser, every ${cadenceMs} ms, at most ${concurrency} at once)`);
  }

  private async due(scheduled: number) {
    const seq = this.seq++;
    const { concurrency } = this.spec;
    if (this.inFlight >= concurrency) {
      const now = this.history.now();
      const detail = `could not start on schedule: ${concurrency} visit${concurrency === 1 ? '' : 's'} already in flight (concurrency ${concurrency})`;
      this.record(seq, scheduled, now, { outcome: 'info', error: 'unmeasured', detail, at: now });
      return;
    }
    this.inFlight++;
    const start = this.history.now();
    let result: VisitResult;
    try {
      result = await visit(this.browser!, this.spec, () => this.history.now());
    } catch (error) {
      // The instrument failed (the browser gone, a context refused), not the page: nothing was measured.
      result = { outcome: 'info', error: 'unmeasured', detail: `the browser could not visit: ${(error as Error).message.split('\n')[0]}`, at: this.history.now() };
    } finally {
      this.inFlight--;
    }
    this.record(seq, scheduled, start, result);
  }

  private record(seq: number, scheduled: number, start: number, result: VisitResult) {
    const { outcome, error, detail, status, at } = result;
    const op: Operation = { type: 'op', channel: this.spec.name, check: BROWSER_CHECK, seq, scheduled, start, end: at, outcome, latencyMs: at - scheduled };
    if (status !== undefined) op.status = status;
    if (error) {
      op.error = error;
      op.detail = detail;
    }
    this.history.append(op);
  }

  /** Stops scheduling, waits for the visits in flight (each bounded by its timeout), and closes the browser whatever happened. */
  async stop(): Promise<void> {
    try {
      await this.schedule.stop();
    } finally {
      await this.browser?.close();
      this.browser = undefined;
    }
  }
}
