// The browser channel as the scenario holds it: started and stopped like the HTTP prober, its
// visits appended to the same history, while the browser itself runs in a process of its own
// (browser-process.ts) so that it cannot delay the HTTP channels' schedule.
import { fileURLToPath } from 'node:url';
import { execaNode, type Message } from 'execa';
import type { History } from '../history/history.js';
import { log } from '../log/log.js';
import { validateBrowserChannel, type BrowserSpec, type BrowserSpecInput } from './browser-channel.js';
import type { WarmUp } from './browser-loop.js';
import type { BrowserProcessInput, BrowserProcessMessage } from './browser-process.js';
import { ChannelSpecError } from './channel.js';

const ENTRY = fileURLToPath(new URL('./browser-process.ts', import.meta.url));
/** Visits in flight end within their timeout; beyond this after it, the process is stopped by force. */
const STOP_GRACE_MS = 5_000;

const spawnBrowserProcess = (input: BrowserProcessInput) =>
  execaNode(ENTRY, { nodeOptions: ['--import', 'tsx'], ipcInput: input as unknown as Message, stdout: 'inherit', stderr: 'inherit', reject: false });

export interface BrowserProberOptions {
  /** Keep a screenshot of every visit here (absolute), recorded relative to `relativeTo`. */
  frames?: { dir: string; relativeTo: string };
}

export class BrowserProber {
  private readonly spec: BrowserSpec;
  private child?: ReturnType<typeof spawnBrowserProcess>;
  private reading?: Promise<void>;
  private stopped?: Promise<void>;

  constructor(
    private readonly history: History,
    spec: BrowserSpecInput,
    private readonly options: BrowserProberOptions = {},
  ) {
    this.spec = validateBrowserChannel(spec);
  }

  /** Resolves once the browser is up and the first visit is scheduled; a bad marker or a missing chromium rejects, naming it. */
  async start(): Promise<void> {
    const input: BrowserProcessInput = { spec: this.spec, originMs: performance.timeOrigin + performance.now() - this.history.now(), frames: this.options.frames };
    // tsx compiles the entry, whether the suite runs under tsx or vitest.
    const child = spawnBrowserProcess(input);
    this.child = child;
    let started!: (warmUp: WarmUp) => void;
    let failed!: (error: Error) => void;
    const ready = new Promise<WarmUp>((resolve, reject) => ((started = resolve), (failed = reject)));
    // Ends when the process disconnects, after its last operation ('stopped' comes after every one).
    this.reading = (async () => {
      for await (const message of child.getEachMessage()) {
        const m = message as unknown as BrowserProcessMessage;
        if (m.type === 'op') this.history.append(m.op);
        else if (m.type === 'started') started(m.warmUp);
        else if (m.type === 'failed') failed(new ChannelSpecError(`channel ${JSON.stringify(this.spec.name)}: ${m.error}`));
      }
      failed(new Error(`the browser channel ${this.spec.name}'s process ended before it started (exit code ${(await child).exitCode})`));
    })();
    const warmUp = await ready;
    const { name, cadenceMs, concurrency } = this.spec;
    const warmed = `warmed up by ${warmUp.visits} visit${warmUp.visits === 1 ? '' : 's'}, the last ${warmUp.ok ? 'whole' : 'not whole'} in ${Math.round(warmUp.lastMs)} ms`;
    log.info(`probing ${name} (browser, every ${cadenceMs} ms, at most ${concurrency} at once, in process ${child.pid}; ${warmed})`);
  }

  /** Stops scheduling, lets the visits in flight end (each bounded by its timeout), and waits for the process to exit. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      const child = this.child;
      if (!child) return;
      await child.sendMessage({ type: 'stop' }).catch(() => {});
      const timer = setTimeout(() => child.kill('SIGKILL'), this.spec.timeoutMs + STOP_GRACE_MS);
      await Promise.all([child, this.reading]);
      clearTimeout(timer);
    })();
    return this.stopped;
  }
}
