// One experiment, written as the guide's steps: setup -> steady state -> fault -> assess ->
// heal -> assess again. The run owns the probes, the history and its journal, and every fault
// it injected: teardown heals whatever is still broken, whatever happened before.
import { mkdir, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject, onTestFinished } from 'vitest';
import { availability, type AvailabilitySlo } from '../checkers/availability.js';
import { loadSlo, sloFor } from '../checkers/slo.js';
import { outageCaused } from '../checkers/premise.js';
import { READY_NOTE } from '../checkers/recovery.js';
import { RESTARTS_NOTE } from '../checkers/no-restarts.js';
import { runCheckers, type Checker } from '../checkers/verdict.js';
import type { Fault, Injected } from '../faults/fault.js';
import { History, phaseDurations } from '../history/history.js';
import { Journal } from '../history/journal.js';
import { LoadGenerator } from '../load/load-generator.js';
import { log } from '../log/log.js';
import { redact } from '../log/redact.js';
import { REPORTS_DIR } from '../paths.js';
import type { ChannelSpec } from '../probes/channel.js';
import type { BrowserSpecInput } from '../probes/browser-channel.js';
import { BrowserProber } from '../probes/browser-prober.js';
import { Prober } from '../probes/prober.js';
import { resultKey, saveNotApplicable, saveResult, type Evidence, type ScenarioResult } from '../report/scenario-result.js';
import type { StartedTarget } from '../targets/target.js';
import { waitFor, WaitTimeoutError, type Observation } from '../wait/wait-for.js';
import { BROWSER_SCENARIOS, type ScenarioCase } from './catalog.js';
import { takeBrowserTurn } from './browser-turn.js';
import { browserChannel, channels as defaultChannels } from './channels.js';
import { loadRate, loadSpec } from './load-targets.js';
import { targetKind } from './target-kind.js';

/** Ten answers of a channel probed every 50 ms take half a second; a slower application gets up to 2 s. */
const WATCH = { answers: 10, minMs: 1_000, maxMs: 2_000, pollMs: 50 };

const keyOf = (c: ScenarioCase) => resultKey({ id: c.id, mode: c.mode });
const roundedMs = (durations: Record<string, number>) => Object.fromEntries(Object.entries(durations).map(([k, ms]) => [k, Math.round(ms)]));

export interface ScenarioOptions {
  /** The probe channels; the private window, a logged-in user and the health check by default. */
  channels?: ChannelSpec[];
}

export const browserOffUnderLoad = (rate: number) => `under load (${rate} requests/s) no browser runs: Chromium, at the lowest CPU priority, would get no CPU to look with`;

/**
 * The browser channel a scenario looks through, or why none runs: the target names no marker for
 * it, or the run is under load: on 2 cores a load takes what CPU the lowest-priority Chromium
 * would get (bench/browser-channel.ts), and its starved visits would be reported as the
 * application's outage.
 */
function browserPlan(target: StartedTarget, loadRate: number | undefined): { spec?: BrowserSpecInput; notRun?: string } {
  if (loadRate) return { notRun: browserOffUnderLoad(loadRate) };
  const spec = browserChannel(target);
  return spec ? { spec } : { notRun: 'the target names no marker for a browser to wait for (CHAOS_BROWSER_MARKER)' };
}

export class ScenarioRun {
  readonly history: History;
  private readonly unhealed = new Set<Fault>();
  private finished = false;
  private readonly started = performance.now();
  private readonly codeSuffix = Date.now().toString(36);
  private readonly evidence: Evidence[] = [];

  private constructor(
    readonly target: StartedTarget,
    readonly scenario: ScenarioCase,
    private readonly prober: Prober,
    private readonly journal: Journal,
    history: History,
    private readonly browser?: BrowserProber,
    private readonly load?: LoadGenerator,
  ) {
    this.history = history;
  }

  static async start(target: StartedTarget, scenario: ScenarioCase, options: ScenarioOptions = {}): Promise<ScenarioRun> {
    const rate = loadRate(scenario.load?.ratePerSecond, targetKind());
    const { spec, notRun } = BROWSER_SCENARIOS.has(scenario.scenario) ? browserPlan(target, rate) : {};
    // Before the history begins: a wait for another process's browser is no part of the scenario.
    if (spec) onTestFinished(await takeBrowserTurn(scenario.id));
    const history = new History(scenario.id, { target: target.description.summary });
    const journal = await Journal.attach(history, `${REPORTS_DIR}/journals/${keyOf(scenario)}.jsonl`);
    if (notRun) history.note('browser', `not run: ${notRun}`);
    const prober = new Prober(history, options.channels ?? defaultChannels(target));
    const load = rate ? new LoadGenerator(history, await loadSpec(target, rate)) : undefined;
    const frames = { dir: `${REPORTS_DIR}/frames/${keyOf(scenario)}`, relativeTo: REPORTS_DIR };
    const browser = spec && new BrowserProber(history, spec, { frames, keepBrowser: true });
    const run = new ScenarioRun(target, scenario, prober, journal, history, browser, load);
    // Teardown runs however the test ends: faults healed, probes stopped, journal closed.
    onTestFinished(() => run.teardown());
    log.info(`scenario ${scenario.title} on ${target.description.summary}`);
    // The browser first: its start (a process, Chromium) is no part of the steady state.
    await browser?.start();
    await load?.start();
    await prober.start();
    return run;
  }

  /**
   * A code for the data this run creates, unique to the run: a cluster's database outlives
   * scenarios (and runs), and a code left by an earlier one would answer 409.
   */
  code(base: string): string {
    return `${base}_${this.codeSuffix}`;
  }

  /** The application as users see it before a fault (see watch()). */
  async steadyState(options: { forMs?: number } = {}) {
    await this.watch('steady', options);
  }

  async inject(fault: Fault): Promise<Injected> {
    this.history.phase('fault');
    this.history.fault(fault.name, 'inject-start', fault.detail);
    log.info(`injecting ${fault.name}: ${fault.detail}`);
    // Registered before the damage: a fault that fails half-way is still healed in teardown.
    this.unhealed.add(fault);
    await fault.inject(this.target);
    this.history.fault(fault.name, 'inject-end', fault.detail);
    this.history.phase('recovery');
    return { heal: () => this.heal(fault) };
  }

  private async heal(fault: Fault) {
    if (!this.unhealed.delete(fault)) return;
    this.history.fault(fault.name, 'heal-start', fault.detail);
    try {
      await fault.heal(this.target);
    } finally {
      this.history.fault(fault.name, 'heal-end', fault.detail);
    }
  }

  /** Waits for the target's desired replicas to be ready again, and notes when. */
  async waitForRestored(options: { replicas?: number; timeoutMs?: number } = {}) {
    const replicas = options.replicas ?? this.target.desiredReplicas();
    const timeoutMs = Math.max(options.timeoutMs ?? 0, this.target.startupTimeoutMs);
    const ready = await this.target.waitForInstancesReady(replicas, { timeoutMs });
    this.history.note(READY_NOTE, `${ready.length} of ${replicas} desired instances ready`);
    return ready;
  }

  /**
   * Waits for any condition, with progress; the moment it holds is noted under `note`. With
   * `optional`, a timeout is not an error (a negative control may never get there): the wait
   * returns undefined and the checkers judge the history.
   */
  async waitFor<T>(note: string, what: string, check: () => Promise<Observation<T>>, options: { timeoutMs: number; optional?: boolean }) {
    try {
      const value = await waitFor(what, check, options);
      this.history.note(note, what);
      return value;
    } catch (error) {
      if (options.optional && error instanceof WaitTimeoutError) {
        log.info(`gave up waiting: ${error.message}`);
        return undefined;
      }
      throw error;
    }
  }

  /** Waits until `channel` is answered successfully by a request sent after the last fault landed. */
  async waitUntilServed(channel: string, options: { timeoutMs: number; optional?: boolean }) {
    const landed = this.history.faults().filter((f) => f.stage === 'inject-end');
    const since = landed[landed.length - 1]?.at ?? 0;
    return this.waitFor('served-again', `${channel} served again`, async () => {
      const ops = this.history.operations(channel).filter((op) => op.scheduled > since);
      const last = ops[ops.length - 1];
      return { done: ops.some((op) => op.outcome === 'ok'), state: last ? `${last.outcome}${last.error ? ` (${last.error})` : ''}` : 'no answer yet' };
    }, options);
  }

  /** The instance that last answered `channel`, as its response named it (undefined when responses name none). */
  lastInstance(channel: string): string | undefined {
    const answered = this.history.operations(channel).filter((op) => op.outcome === 'ok' && op.instance);
    return answered[answered.length - 1]?.instance;
  }

  /**
   * The instance serving `channel` (the logged-in user's, the private window's), from what its
   * last answer said: the instance header, or the session id's route. Never a guess: when no
   * answer named an instance of the target, the scenario stops and says so, since a fault on
   * some other instance would prove nothing about that user.
   */
  async pickInstance(channel = 'session') {
    const instances = await this.target.instances();
    const serving = this.lastInstance(channel);
    const chosen = instances.find((i) => i.name === serving);
    if (!chosen) {
      throw new Error(
        `cannot tell which instance serves the ${channel} channel: ${serving ? `its answers name ${serving}, which is none of` : 'no answer named one of'} ` +
          `${instances.map((i) => i.name).join(', ') || 'the target\'s instances (it has none)'} (neither an x-entando-instance header nor a session route in JSESSIONID)`,
      );
    }
    return chosen;
  }

  /**
   * Keeps logs as evidence for the report (e.g. the sentinels' when a Redis milestone was
   * missed), one file each under evidence/<case>/, redacted.
   */
  async attachLogs(title: string, logs: { name: string; lines: string[] }[]) {
    const dir = `evidence/${keyOf(this.scenario)}`;
    await mkdir(`${REPORTS_DIR}/${dir}`, { recursive: true });
    for (const { name, lines } of logs) {
      const file = `${dir}/${name}.log`;
      await writeFile(`${REPORTS_DIR}/${file}`, `${redact(lines.join('\n'))}\n`);
      this.evidence.push({ title: `${title}: ${name}`, file });
    }
    this.history.note('evidence', `${title}: ${logs.map((l) => l.name).join(', ')}`);
  }

  /** The browser channel's availability checker, when this run looks through a browser. */
  browserChecks(slo: AvailabilitySlo): Checker[] {
    return this.browser ? [availability(slo, 'browser-availability')] : [];
  }

  /** Records every instance's restart count, for the no-restarts checker. */
  async noteRestarts() {
    const counts = Object.fromEntries((await this.target.instances()).map((i) => [i.name, i.restarts]));
    this.history.note(RESTARTS_NOTE, JSON.stringify(counts));
  }

  /** The application as users see it once the fault is healed (see watch()). */
  async observe(options: { forMs?: number } = {}) {
    await this.watch('after', options);
  }

  /**
   * A phase of watching: for `forMs` when given (an experiment without a fault, whose window is
   * the evidence); otherwise until every probe channel has answered WATCH.answers times, within
   * WATCH's bounds. A channel still unanswered then is no reason to wait longer: the checkers judge it.
   */
  private async watch(phase: 'steady' | 'after', options: { forMs?: number }) {
    this.history.phase(phase);
    const since = this.history.now();
    if (options.forMs !== undefined) return void (await sleep(options.forMs));
    const answered = (channel: string) => this.history.operations(channel).filter((op) => op.scheduled >= since).length >= WATCH.answers;
    await sleep(WATCH.minMs);
    while (!this.prober.channels.every(answered) && this.history.now() - since < WATCH.maxMs) await sleep(WATCH.pollMs);
  }

  /** Judges the history; a negative control's premise is judged with it. */
  async finish(checkers: Checker[]): Promise<ScenarioResult> {
    const judging = this.history.now();
    await Promise.all([this.prober.stop(), this.browser?.stop(), this.load?.stop()]);
    await this.healAll();
    // Only negative controls have a premise (catalog.test.ts holds the catalog to that).
    const { premise, expect } = this.scenario;
    // Under load, every scenario's load is judged: by its own SLO, else by its availability limits.
    const judged = this.load ? [...checkers, availability(loadSlo(sloFor(this.scenario.scenario)), 'load-availability')] : checkers;
    const verdict = await runCheckers(this.history, premise ? [...judged, outageCaused(premise.outageOn)] : judged);
    this.finished = true;
    await this.journal.close();
    return saveResult(
      {
        runId: inject('runId'),
        id: this.scenario.id,
        title: this.scenario.title,
        expect,
        mode: this.scenario.mode ?? 'self-test',
        holds: expect === 'valid' ? verdict.valid === true : verdict.valid === false,
        target: this.target.description,
        startedAt: this.history.anchor.wallClock,
        durationMs: performance.now() - this.started,
        phasesMs: roundedMs({ ...phaseDurations(this.history.phases(), judging), judging: this.history.now() - judging }),
        verdict,
        journal: `journals/${keyOf(this.scenario)}.jsonl`,
        ...(this.evidence.length ? { evidence: this.evidence } : {}),
      },
      this.history,
    );
  }

  private async healAll() {
    for (const fault of [...this.unhealed]) {
      await this.heal(fault).catch((error: Error) => log.warn(`healing ${fault.name} (${fault.detail}) failed: ${error.message}`));
    }
  }

  async teardown() {
    if (this.finished) return;
    this.finished = true;
    // Each stopped whatever another's stop does: a failing one must not leave the others running.
    await Promise.allSettled([this.prober.stop(), this.browser?.stop(), this.load?.stop()]);
    await this.healAll();
    await this.journal.close().catch(() => {});
  }
}

export const startScenario = (target: StartedTarget, scenario: ScenarioCase, options?: ScenarioOptions) => ScenarioRun.start(target, scenario, options);

/** A case that cannot run here, saved with the reason (it neither holds nor fails) and said in the log. */
export async function saveCaseNotApplicable(target: StartedTarget, scenario: ScenarioCase, reason: string): Promise<ScenarioResult> {
  log.info(`${scenario.title}: not applicable, because ${reason}`);
  const { id, title, expect, mode = 'self-test' } = scenario;
  return saveNotApplicable({ runId: inject('runId'), id, title, expect, mode, target: target.description, startedAt: new Date().toISOString(), durationMs: 0 }, reason);
}

/**
 * A case whose verdict only a browser gives cannot be judged where none runs (a run under load):
 * it is not applicable, saying why, rather than judged on the HTTP channels alone or unknown.
 */
export async function browserOnlyNotApplicable(target: StartedTarget, scenario: ScenarioCase): Promise<ScenarioResult | undefined> {
  const rate = loadRate(scenario.load?.ratePerSecond, targetKind());
  return rate ? saveCaseNotApplicable(target, scenario, `its verdict is a browser's, and ${browserOffUnderLoad(rate)}`) : undefined;
}
