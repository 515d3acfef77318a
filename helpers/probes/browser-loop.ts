// The browser channel's open loop: a visit every `cadenceMs`, on schedule, whatever earlier
// visits are doing, as the HTTP prober sends its requests. A browser cannot run visits without
// bound on two cores, so at most `concurrency` run at once; a visit due beyond that is recorded
// as unmeasured time (outcome info), so the checker sees the gap instead of a schedule that
// silently thinned out while the page was slow. It runs in its own process (browser-process.ts),
// on the browser that process keeps from one channel to the next.
import type { Browser } from 'playwright-core';
import type { Operation } from '../history/records.js';
import type { BrowserSpec } from './browser-channel.js';
import { visit, type FrameSink, type VisitResult } from './browser-visit.js';
import type { ChromiumHolder } from './chromium.js';
import { OpenLoop } from './open-loop.js';

const BROWSER_CHECK = 'browser';
/** Visits before the schedule, until one is whole: a cold browser starts its renderer and network service on the first. */
const WARM_UP_VISITS = 2;

/** What the warm-up found, for the log: a slow or failing first visit is the instrument's cost, not a finding. */
export interface WarmUp {
  visits: number;
  ok: boolean;
  lastMs: number;
}

export class BrowserLoop {
  private readonly schedule: OpenLoop;
  private inFlight = 0;
  private seq = 0;

  constructor(
    private readonly spec: BrowserSpec,
    private readonly chromium: ChromiumHolder,
    private readonly now: () => number,
    private readonly record: (op: Operation) => void,
    private readonly frames?: FrameSink,
  ) {
    this.schedule = new OpenLoop(now, [{ cadenceMs: spec.cadenceMs, fire: (scheduled) => this.due(scheduled) }]);
  }

  /** Launches the browser unless it is up, refuses a marker that is no selector, warms the browser up and starts the schedule. */
  async start(): Promise<WarmUp> {
    const browser = await this.chromium.get();
    const page = await browser.newPage();
    try {
      await page.$(this.spec.markerSelector);
    } catch (error) {
      throw new Error(`markerSelector ${JSON.stringify(this.spec.markerSelector)} is not a selector the browser can use: ${(error as Error).message.split('\n')[0]}`);
    } finally {
      await page.close();
    }
    const warmUp = await this.warmUp(browser);
    this.schedule.start();
    return warmUp;
  }

  // On a busy machine (kind's four nodes on two cores) a cold browser's first visit took over
  // 5 s where the next took 0.3 s: seconds the schedule would have recorded against the page.
  private async warmUp(browser: Browser): Promise<WarmUp> {
    let last: WarmUp = { visits: 0, ok: false, lastMs: 0 };
    while (last.visits < WARM_UP_VISITS && !last.ok) {
      const start = this.now();
      const result = await visit(browser, this.spec, this.now).catch(() => undefined);
      last = { visits: last.visits + 1, ok: result?.outcome === 'ok', lastMs: this.now() - start };
    }
    return last;
  }

  private async due(scheduled: number) {
    const seq = this.seq++;
    const { concurrency } = this.spec;
    const unmeasured = (detail: string) => {
      const now = this.now();
      this.emit(seq, scheduled, now, { outcome: 'info', error: 'unmeasured', detail, at: now });
    };
    if (this.inFlight >= concurrency) {
      return unmeasured(`could not start on schedule: ${concurrency} visit${concurrency === 1 ? '' : 's'} already in flight (concurrency ${concurrency})`);
    }
    const browser = this.chromium.current();
    if (!browser) {
      // The instrument broke, not the page: its visits are unmeasured until it is back.
      return unmeasured('could not start: the browser is being started again after it went away');
    }
    this.inFlight++;
    const start = this.now();
    let result: VisitResult;
    try {
      result = await visit(browser, this.spec, this.now, this.frames && ((shot) => this.frames!(seq, shot)));
    } catch (error) {
      result = { outcome: 'info', error: 'unmeasured', detail: `the browser could not visit: ${(error as Error).message.split('\n')[0]}`, at: this.now() };
    } finally {
      this.inFlight--;
    }
    this.emit(seq, scheduled, start, result);
  }

  private emit(seq: number, scheduled: number, start: number, result: VisitResult) {
    const { outcome, error, detail, status, instance, frame, at } = result;
    const op: Operation = { type: 'op', channel: this.spec.name, check: BROWSER_CHECK, seq, scheduled, start, end: at, outcome, latencyMs: at - scheduled };
    if (status !== undefined) op.status = status;
    if (instance) op.instance = instance;
    if (error) {
      op.error = error;
      op.detail = detail;
    }
    if (frame) op.frame = frame;
    this.record(op);
  }

  /** Stops scheduling and waits for the visits in flight (each bounded by its timeout); the browser stays for the next channel. */
  async stop(): Promise<void> {
    await this.schedule.stop();
  }
}
