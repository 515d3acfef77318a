// Every case the scenarios run, as data: its layout, its fault and what that fault hits, and
// for a negative control the premise it needs. The scenario files take their cases from here,
// so `run --scenario` can refuse a filter that matches nothing and `run --dry-run` can print
// the plan without starting anything.
import type { ScenarioId } from '../checkers/slo.js';
import type { TopologyOptions } from '../targets/topology.js';
import { alternatives, didYouMean } from '../validation/did-you-mean.js';

/** What a case's fault hits, in the terms of the guide's step. */
export type FaultPlan =
  | { fault: 'scale'; steps: number[] }
  | { fault: 'delete-instance'; victim: 'session-instance' | 'served-the-create'; gracePeriodMs?: number }
  | { fault: 'kill-process'; victim: 'incognito-instance' }
  | { fault: 'terminate-node'; victim: 'node-of-incognito-instance' | 'node-of-every-instance' }
  | { fault: 'kill-redis-master' }
  | { fault: 'restart-database' }
  /** No fault: the layout is the experiment (two versions serving at once). */
  | { fault: 'none' };

/**
 * What a negative control needs to have happened before its verdict means anything: an
 * outage on a channel during the fault. A control whose premise did not happen says so
 * ("no outage was caused") instead of holding or failing by luck.
 */
export interface Premise {
  outageOn: string;
}

export interface ScenarioCase {
  /** The result's id: the scenario, then the control's name after a dot. */
  id: string;
  /** The scenario (and its SLO entry); also the file under scenarios/. */
  scenario: ScenarioId;
  title: string;
  /** 'invalid' for a negative control: the verdict must be false. */
  expect: 'valid' | 'invalid';
  topology: Partial<TopologyOptions>;
  plan: FaultPlan;
  premise?: Premise;
  /** A constant load beside the probes (Vegeta), at this rate; CHAOS_LOAD_RATE (`--load`) puts every case under load. */
  load?: { ratePerSecond: number };
  /** Set on a case run against an application as it is deployed (assessment.ts). */
  mode?: 'assessment';
}

/**
 * The scenarios that also look through a real browser, as the guide's private window does
 * (where the target names a marker for it, and no load takes the CPU it needs).
 */
export const BROWSER_SCENARIOS: ReadonlySet<ScenarioId> = new Set(['pod-deletion', 'process-kill', 'node-termination', 'mixed-versions']);

/**
 * The constant load the load scenarios run under (Vegeta, beside the probes' 60 requests a
 * second): real traffic's share of requests in flight when an instance goes.
 */
export const SCENARIO_LOAD = { ratePerSecond: 300 } as const;

/** The guide's pod deletion: the logged-in user's instance, with a 10 s grace period. */
const DELETE_SESSION_INSTANCE: FaultPlan = { fault: 'delete-instance', victim: 'session-instance', gracePeriodMs: 10_000 };

/** A longer start than the one-replica control's drain, so its replacement never wins the race (seen on kind with 1.0 s). */
const SLOW_START_MS = 5_000;

export const CATALOG: readonly ScenarioCase[] = [
  {
    id: 'clustered-instance',
    scenario: 'clustered-instance',
    title: 'Clustered instance (scale 1 -> 2 -> 3)',
    expect: 'valid',
    topology: { replicas: 1 },
    plan: { fault: 'scale', steps: [2, 3] },
  },
  {
    id: 'clustered-instance.embedded-db',
    scenario: 'clustered-instance',
    title: 'Clustered instance, in-memory database (negative control)',
    expect: 'invalid',
    topology: { replicas: 1, dbms: 'embedded', redis: 'none' },
    plan: { fault: 'scale', steps: [2, 3] },
  },
  {
    id: 'pod-deletion',
    scenario: 'pod-deletion',
    title: 'Pod deletion',
    expect: 'valid',
    topology: { replicas: 2 },
    plan: DELETE_SESSION_INSTANCE,
  },
  {
    id: 'pod-deletion.under-load',
    scenario: 'pod-deletion',
    title: 'Pod deletion under load',
    expect: 'valid',
    topology: { replicas: 2 },
    plan: DELETE_SESSION_INSTANCE,
    load: SCENARIO_LOAD,
  },
  {
    id: 'pod-deletion.one-replica',
    scenario: 'pod-deletion',
    title: 'Pod deletion, one replica (negative control)',
    expect: 'invalid',
    // A 1 s grace period and a slow start: with 10 s, or a replacement ready in 1 s, the old pod
    // still drains while the new one serves, and one replica loses nothing (seen on kind).
    topology: { replicas: 1, startDelayMs: SLOW_START_MS },
    plan: { fault: 'delete-instance', victim: 'session-instance', gracePeriodMs: 1_000 },
    premise: { outageOn: 'incognito' },
  },
  {
    id: 'pod-deletion.sessions-in-memory',
    scenario: 'pod-deletion',
    title: 'Pod deletion, sessions in memory (negative control)',
    expect: 'invalid',
    topology: { replicas: 2, sessions: 'memory' },
    plan: DELETE_SESSION_INSTANCE,
  },
  {
    id: 'pod-deletion.immediate-shutdown',
    scenario: 'pod-deletion',
    title: 'Pod deletion under load, immediate shutdown (negative control)',
    expect: 'invalid',
    // An instance that exits at SIGTERM instead of draining: the requests it holds are lost. The
    // load balancer retries a page elsewhere, never a sign-in that reached the instance (a POST):
    // at 60 requests a second the probes send none, the load sends one in four.
    topology: { replicas: 2, shutdown: 'immediate' },
    plan: DELETE_SESSION_INSTANCE,
    load: SCENARIO_LOAD,
    premise: { outageOn: 'load' },
  },
  {
    id: 'process-kill',
    scenario: 'process-kill',
    title: 'Process kill (kill -9)',
    expect: 'valid',
    topology: { replicas: 2 },
    plan: { fault: 'kill-process', victim: 'incognito-instance' },
  },
  {
    id: 'process-kill.naive-lb',
    scenario: 'process-kill',
    title: 'Process kill, naive load balancer (negative control)',
    expect: 'invalid',
    topology: { replicas: 2, loadBalancer: 'naive' },
    plan: { fault: 'kill-process', victim: 'incognito-instance' },
    premise: { outageOn: 'incognito' },
  },
  {
    id: 'node-termination',
    scenario: 'node-termination',
    title: 'Node termination',
    expect: 'valid',
    topology: { replicas: 2 },
    plan: { fault: 'terminate-node', victim: 'node-of-incognito-instance' },
  },
  {
    id: 'node-termination.naive-lb',
    scenario: 'node-termination',
    title: 'Node termination, naive load balancer (negative control)',
    expect: 'invalid',
    topology: { replicas: 2, loadBalancer: 'naive' },
    plan: { fault: 'terminate-node', victim: 'node-of-incognito-instance' },
    premise: { outageOn: 'incognito' },
  },
  {
    id: 'cache-validation',
    scenario: 'cache-validation',
    title: 'Cache validation',
    expect: 'valid',
    topology: { replicas: 2 },
    plan: { fault: 'delete-instance', victim: 'served-the-create' },
  },
  {
    id: 'cache-validation.per-instance-cache',
    scenario: 'cache-validation',
    title: 'Cache validation, per-instance cache (negative control)',
    expect: 'invalid',
    topology: { replicas: 2, redis: 'none' },
    plan: { fault: 'delete-instance', victim: 'served-the-create' },
  },
  {
    id: 'cache-validation.embedded-db',
    scenario: 'cache-validation',
    title: 'Cache validation, in-memory database (negative control)',
    expect: 'invalid',
    topology: { replicas: 2, dbms: 'embedded', redis: 'none' },
    plan: { fault: 'delete-instance', victim: 'served-the-create' },
  },
  {
    id: 'redis-sentinel-failover',
    scenario: 'redis-sentinel-failover',
    title: 'Redis Sentinel failover',
    expect: 'valid',
    topology: { replicas: 2, redis: 'sentinel' },
    plan: { fault: 'kill-redis-master' },
  },
  {
    id: 'redis-sentinel-failover.single-redis',
    scenario: 'redis-sentinel-failover',
    title: 'Redis master kill, single Redis node (negative control)',
    expect: 'invalid',
    topology: { replicas: 2, redis: 'single' },
    plan: { fault: 'kill-redis-master' },
  },
  {
    id: 'single-node',
    scenario: 'single-node',
    title: 'Single node terminated (RWO layout)',
    expect: 'valid',
    topology: { replicas: 2, placement: 'single-node' },
    plan: { fault: 'terminate-node', victim: 'node-of-every-instance' },
  },
  {
    id: 'single-node.no-eviction',
    scenario: 'single-node',
    title: 'Single node terminated, no rescheduling (negative control)',
    expect: 'invalid',
    topology: { replicas: 2, placement: 'single-node', evictionMs: 3_600_000 },
    plan: { fault: 'terminate-node', victim: 'node-of-every-instance' },
    premise: { outageOn: 'incognito' },
  },
  {
    id: 'database-restart',
    scenario: 'database-restart',
    title: 'Database restart',
    expect: 'valid',
    topology: { replicas: 2 },
    plan: { fault: 'restart-database' },
  },
  {
    id: 'database-restart.no-reconnect',
    scenario: 'database-restart',
    title: 'Database restart, connection never replaced (negative control)',
    expect: 'invalid',
    topology: { replicas: 2, dbReconnect: false },
    plan: { fault: 'restart-database' },
    premise: { outageOn: 'db' },
  },
  {
    id: 'mixed-versions',
    scenario: 'mixed-versions',
    title: 'Mixed versions, sticky sessions (a rolling upgrade half done)',
    expect: 'valid',
    // Each instance names and serves only its own script; the affinity cookie keeps a page and its assets on one instance.
    topology: { replicas: 2, assets: 'per-instance' },
    plan: { fault: 'none' },
  },
  {
    id: 'mixed-versions.no-affinity',
    scenario: 'mixed-versions',
    title: 'Mixed versions without affinity (negative control: only a browser sees it)',
    expect: 'invalid',
    topology: { replicas: 2, assets: 'per-instance', affinity: 'none' },
    plan: { fault: 'none' },
    premise: { outageOn: 'browser' },
  },
];

export class UnknownScenarioError extends Error {
  override name = 'UnknownScenarioError';
}

/** The case with this id; a scenario file asking for one that is not here is a bug, said at once. */
export function scenarioCase(id: string): ScenarioCase {
  const found = CATALOG.find((c) => c.id === id);
  if (!found) throw new UnknownScenarioError(`no scenario case ${JSON.stringify(id)}; cases: ${CATALOG.map((c) => c.id).join(', ')}`);
  return found;
}

/** The scenarios (file names) there are, in catalog order. */
export function scenarioNames(): ScenarioId[] {
  return [...new Set(CATALOG.map((c) => c.scenario))];
}

/**
 * The cases a run's filters select, as vitest selects files: a filter matches every scenario
 * whose file name contains it. No filter: every case. A filter that matches nothing is refused
 * with the scenarios there are, rather than running nothing and reporting success.
 */
export function selectCases(filters: string[] = [], from: readonly ScenarioCase[] = CATALOG): ScenarioCase[] {
  if (filters.length === 0) return [...from];
  const names = scenarioNames();
  const unmatched = filters.filter((f) => !names.some((name) => name.includes(f)));
  if (unmatched.length > 0) {
    const guesses = unmatched.map((f) => didYouMean(f, names)).filter((g) => g !== undefined);
    throw new UnknownScenarioError(
      `--scenario ${unmatched.map((f) => JSON.stringify(f)).join(', ')} matches no scenario${guesses.length ? ` (did you mean ${alternatives(guesses)}?)` : ''}; ` +
        `there are: ${names.join(', ')}`,
    );
  }
  return from.filter((c) => filters.some((f) => c.scenario.includes(f)));
}
