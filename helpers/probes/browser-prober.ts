// The browser channel as the scenario holds it: started and stopped like the HTTP prober, its
// visits appended to the same history, while the browser itself runs in a process of its own
// (browser-process.ts) so that it cannot delay the HTTP channels' schedule. With `keepBrowser`,
// the process and its Chromium stay after stop() for the next channel of this process (one at a
// time), until they have been idle for KEEP_IDLE_MS.
import { fileURLToPath } from 'node:url';
import { execaNode } from 'execa';
import type { History } from '../history/history.js';
import { log } from '../log/log.js';
import { validateBrowserChannel, type BrowserSpec, type BrowserSpecInput } from './browser-channel.js';
import type { WarmUp } from './browser-loop.js';
import type { BrowserProcessInput, BrowserProcessMessage, BrowserProcessRequest } from './browser-process.js';
import { ChannelSpecError } from './channel.js';

const ENTRY = fileURLToPath(new URL('./browser-process.ts', import.meta.url));
/** Visits in flight end within their timeout; beyond this after it, the process is stopped by force. */
const STOP_GRACE_MS = 5_000;
/** Longer than a scenario waits for the next's target and for another process's browser to be done. */
const KEEP_IDLE_MS = 60_000;

type Listener = (message: BrowserProcessMessage | { type: 'ended'; exitCode?: number }) => void;

/** A browser process and whoever listens to it now. */
class BrowserProcess {
  // tsx compiles the entry, whether the suite runs under tsx or vitest.
  readonly child = execaNode(ENTRY, { nodeOptions: ['--import', 'tsx'], ipc: true, stdout: 'inherit', stderr: 'inherit', reject: false });
  listener?: Listener;
  private idle?: NodeJS.Timeout;

  constructor() {
    void (async () => {
      for await (const message of this.child.getEachMessage()) this.listener?.(message as unknown as BrowserProcessMessage);
      this.listener?.({ type: 'ended', exitCode: (await this.child).exitCode });
    })();
  }

  /** Its IPC channel is closed: it takes no more channels. */
  get ended() {
    return !this.child.connected;
  }

  send(request: BrowserProcessRequest) {
    clearTimeout(this.idle);
    return this.child.sendMessage(request as never);
  }

  /** Ends the process: its IPC channel closed, it closes Chromium and exits. */
  async end() {
    clearTimeout(this.idle);
    if (!this.ended) this.child.disconnect();
    await this.child;
  }

  endWhenIdle() {
    this.idle = setTimeout(() => void this.end(), KEEP_IDLE_MS).unref();
  }
}

let kept: BrowserProcess | undefined;

export interface BrowserProberOptions {
  /** Keep a screenshot of every visit here (absolute), recorded relative to `relativeTo`. */
  frames?: { dir: string; relativeTo: string };
  /** Leave the process and its browser up after stop(), for the next channel (a scenario after another). */
  keepBrowser?: boolean;
}

export class BrowserProber {
  private readonly spec: BrowserSpec;
  private browserProcess?: BrowserProcess;
  private stopped?: Promise<void>;

  constructor(
    private readonly history: History,
    spec: BrowserSpecInput,
    private readonly options: BrowserProberOptions = {},
  ) {
    this.spec = validateBrowserChannel(spec);
  }

  /** The browser process's, once started. */
  get pid(): number | undefined {
    return this.browserProcess?.child.pid;
  }

  /** Resolves once the browser is up and the first visit is scheduled; a bad marker or a missing chromium rejects, naming it. */
  async start(): Promise<void> {
    const input: BrowserProcessInput = { spec: this.spec, originMs: performance.timeOrigin + performance.now() - this.history.now(), frames: this.options.frames };
    const reused = this.options.keepBrowser && kept && !kept.ended ? kept : undefined;
    const browserProcess = reused ?? new BrowserProcess();
    if (this.options.keepBrowser) kept = browserProcess;
    this.browserProcess = browserProcess;
    const warmUp = await new Promise<WarmUp>((started, failed) => {
      browserProcess.listener = (m) => {
        if (m.type === 'op') this.history.append(m.op);
        else if (m.type === 'started') started(m.warmUp);
        else if (m.type === 'failed') failed(new ChannelSpecError(`channel ${JSON.stringify(this.spec.name)}: ${m.error}`));
        else if (m.type === 'ended') failed(new Error(`the browser channel ${this.spec.name}'s process ended before it started (exit code ${m.exitCode})`));
      };
      browserProcess.send({ type: 'start', input }).catch(failed);
    }).catch(async (error: Error) => {
      await this.release(browserProcess);
      throw error;
    });
    const { name, cadenceMs, concurrency } = this.spec;
    const warmed = `warmed up by ${warmUp.visits} visit${warmUp.visits === 1 ? '' : 's'}, the last ${warmUp.ok ? 'whole' : 'not whole'} in ${Math.round(warmUp.lastMs)} ms`;
    log.info(`probing ${name} (browser, every ${cadenceMs} ms, at most ${concurrency} at once, in process ${browserProcess.child.pid}${reused ? ', its browser kept from the last channel' : ''}; ${warmed})`);
  }

  /** Stops scheduling and lets the visits in flight end (each bounded by its timeout); the process ends too unless kept. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      const browserProcess = this.browserProcess;
      if (!browserProcess) return;
      if (!browserProcess.ended) {
        const timer = setTimeout(() => browserProcess.child.kill('SIGKILL'), this.spec.timeoutMs + STOP_GRACE_MS);
        await new Promise<void>((done) => {
          const listening = browserProcess.listener;
          // 'stopped' comes after the channel's last operation.
          browserProcess.listener = (m) => (m.type === 'stopped' || m.type === 'ended' ? done() : listening?.(m));
          browserProcess.send({ type: 'stop' }).catch(() => done());
        });
        clearTimeout(timer);
      }
      await this.release(browserProcess);
    })();
    return this.stopped;
  }

  /** Done with the process: kept for the next channel, or ended. */
  private async release(browserProcess: BrowserProcess) {
    browserProcess.listener = undefined;
    if (this.options.keepBrowser && kept === browserProcess && !browserProcess.ended) browserProcess.endWhenIdle();
    else await browserProcess.end();
  }
}
