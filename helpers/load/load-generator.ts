// The load channel: Vegeta holding a constant rate against the target, beside the probes, as a
// second, independent instrument. Each result is an operation of the same history (the same
// checkers judge it); requests Vegeta never sent on schedule are recorded as unmeasured, never
// left out. Started like the probes; stopped with one SIGINT to the attack, which then lets
// the requests in flight end and flushes their results.
import { execa, type ResultPromise } from 'execa';
import type { History } from '../history/history.js';
import { log } from '../log/log.js';
import { validateLoadSpec, type LoadSpec, type LoadSpecInput, type LoadTarget } from './load-spec.js';
import { vegetaPath } from './vegeta.js';
import { toOperation, wallClockMs, type VegetaResult } from './vegeta-result.js';

/** The attack's first result arrives within a period and a request; a Vegeta that does not start says why within this. */
const START_TIMEOUT_MS = 15_000;

/** Vegeta's JSON target format: a header's values are a list, a body is base64. */
const vegetaTarget = (t: LoadTarget) =>
  JSON.stringify({
    method: t.method,
    url: t.url,
    header: Object.fromEntries(Object.entries(t.headers).map(([k, v]) => [k, [v]])),
    ...(t.body !== undefined ? { body: Buffer.from(t.body).toString('base64') } : {}),
  });

export interface LoadFigures {
  askedPerSecond: number;
  /** Requests the schedule called for, from the first to the stop. */
  asked: number;
  sent: number;
  /** Asked but never sent: the generator fell behind (recorded as unmeasured operations). */
  unsent: number;
}

export class LoadGenerator {
  readonly spec: LoadSpec;
  private attack?: ResultPromise;
  private reading?: Promise<void>;
  private stopped?: Promise<LoadFigures>;
  /** The pacer's start in history time: the earliest `sent - seq * period` seen (seq 0 is due at once). */
  private begin = Infinity;
  private received = 0;
  private readonly periodMs: number;
  private readonly targetOf = new Map<string, string>();

  constructor(
    private readonly history: History,
    spec: LoadSpecInput,
  ) {
    this.spec = validateLoadSpec(spec);
    this.periodMs = 1000 / this.spec.ratePerSecond;
    for (const t of this.spec.targets) this.targetOf.set(`${t.method} ${t.url}`, t.name);
  }

  /** Enough workers for every request of the longest a request can take to be in flight at once: the model stays open during an outage. */
  get maxWorkers(): number {
    return this.spec.maxWorkers ?? Math.ceil((this.spec.ratePerSecond * (this.spec.timeoutMs + 1_000)) / 1000);
  }

  /** Resolves at the attack's first result; a Vegeta that cannot run rejects with what it said. */
  async start(): Promise<void> {
    const { ratePerSecond, durationMs, timeoutMs, targets, name } = this.spec;
    const vegeta = vegetaPath();
    const attack = execa(
      vegeta,
      ['attack', '-format=json', `-rate=${ratePerSecond}/1s`, `-duration=${durationMs}ms`, `-timeout=${timeoutMs}ms`, `-max-workers=${this.maxWorkers}`, '-max-body=0', '-redirects=-1'],
      { input: targets.map((t) => `${vegetaTarget(t)}\n`).join(''), buffer: { stdout: false }, reject: false },
    );
    const encode = execa(vegeta, ['encode', '--to', 'json'], { reject: false, buffer: { stdout: false } });
    void attack.pipe(encode).catch(() => {});
    this.attack = attack;
    // Both clocks are the wall clock: the history's origin in it, to well under a millisecond.
    const originMs = performance.timeOrigin + performance.now() - this.history.now();
    let first!: () => void;
    const started = new Promise<void>((resolve) => (first = resolve));
    this.reading = (async () => {
      for await (const line of encode.iterable()) {
        const result = JSON.parse(line) as VegetaResult;
        const startMs = wallClockMs(result.timestamp) - originMs;
        this.begin = Math.min(this.begin, startMs - result.seq * this.periodMs);
        const target = this.targetOf.get(`${result.method} ${result.url}`) ?? 'unknown';
        this.history.append(toOperation(result, { channel: name, target, startMs, scheduledMs: this.begin + result.seq * this.periodMs }));
        this.received++;
        if (this.received === 1) first();
      }
    })();
    const ended = Promise.all([attack, encode]).then(([a, e]) => {
      throw new Error(`load channel ${name}: Vegeta ended before its first result (attack exit ${a.exitCode}: ${String(a.stderr).trim() || 'no message'}; encode exit ${e.exitCode})`);
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`load channel ${name}: no result from Vegeta within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    });
    try {
      await Promise.race([started, ended, late]);
    } catch (error) {
      await this.stop();
      throw error;
    } finally {
      clearTimeout(timer);
    }
    log.info(`load ${name}: ${ratePerSecond} requests/s over ${targets.map((t) => t.name).join(', ')} (Vegeta, at most ${this.maxWorkers} in flight, timeout ${timeoutMs} ms, process ${attack.pid})`);
  }

  /** One SIGINT; then what was asked and what was sent, the unsent recorded as unmeasured. */
  stop(): Promise<LoadFigures> {
    this.stopped ??= (async () => {
      const stopAt = this.history.now();
      this.attack?.kill('SIGINT');
      await Promise.all([this.attack, this.reading]);
      return this.recordUnsent(stopAt);
    })();
    return this.stopped;
  }

  private recordUnsent(stopAt: number): LoadFigures {
    // Requests sent between the stop and the signal's arrival count as asked.
    const due = this.received === 0 ? 0 : Math.min(Math.floor((stopAt - this.begin) / this.periodMs) + 1, Math.ceil(this.spec.durationMs / this.periodMs));
    const asked = Math.max(due, this.received);
    const unsent = Math.max(0, asked - this.received);
    for (let seq = this.received; seq < this.received + unsent; seq++) {
      const at = this.begin + seq * this.periodMs;
      this.history.append({
        type: 'op', channel: this.spec.name, check: 'load', seq, scheduled: at, start: at, end: at, latencyMs: 0, outcome: 'info', error: 'unmeasured',
        detail: 'never sent: the load generator fell behind its schedule',
      });
    }
    const figures = { askedPerSecond: this.spec.ratePerSecond, asked, sent: this.received, unsent };
    this.history.note('load', `${this.spec.name}: ${figures.sent} of ${figures.asked} requests sent at ${figures.askedPerSecond}/s${unsent ? `, ${unsent} never sent` : ''}`);
    return figures;
  }
}
