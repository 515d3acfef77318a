// Service-level objectives as data (after k6's thresholds), one entry per scenario. A JSON
// file named by CHAOS_SLO_FILE overrides any of them, e.g. for a release gate:
//   { "process-kill": { "availability": { "maxP99Ms": 500 } } }
// Files are checked to the leaf: a misspelt field or a string where a number belongs is refused
// with its path, since a limit silently ignored would make a run report what it did not judge.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { PROJECT_ROOT } from '../paths.js';
import { envVar } from '../suite/environment.js';
import { nonNegative } from '../validation/leaves.js';
import { dotted, expectedAt, parseWith, type Problem } from '../validation/problems.js';
import { availabilitySloSchema, type AvailabilitySlo } from './availability.js';
import { recoveryBudgetSchema } from './recovery.js';
import { sessionSloSchema } from './session-continuity.js';

export const scenarioSloSchema = z.strictObject({
  availability: availabilitySloSchema.optional(),
  /** The browser channel's availability, judged apart: a visit (page, assets, scripts) takes far longer than a request. */
  browser: availabilitySloSchema.optional(),
  /** The load channel's availability (Vegeta's requests), when a scenario runs under load; the availability SLO's limits by default. */
  load: availabilitySloSchema.optional(),
  recovery: recoveryBudgetSchema.optional(),
  session: sessionSloSchema.optional(),
  /** After an acknowledged update, every instance serves the new value within this. */
  coherenceBudgetMs: nonNegative().optional(),
  /** Kill of the Redis master -> a replica promoted. */
  failoverBudgetMs: nonNegative().optional(),
  /** Kill of the Redis master -> the old master back as a replica (after it is started again). */
  rejoinBudgetMs: nonNegative().optional(),
});

export type ScenarioSlo = z.infer<typeof scenarioSloSchema>;

/** Every visit whole: a page whose script or stylesheet did not arrive is broken for its user. Slowness is the HTTP channels' to judge. */
const BROWSER_SLO = { channels: ['browser'], maxFailed: 0, slowMs: 5_000 };

export const DEFAULT_SLO = {
  'clustered-instance': { availability: { channels: ['incognito'], maxFailed: 0 }, coherenceBudgetMs: 1_000 },
  'pod-deletion': {
    availability: { channels: ['incognito'], maxFailed: 0 },
    browser: BROWSER_SLO,
    load: { channels: ['load'], maxFailed: 0 },
    session: { channel: 'session', maxLost: 0 },
    recovery: { channel: 'incognito', maxReadyMs: 60_000 },
  },
  'process-kill': {
    availability: { channels: ['incognito'], maxFailed: 0, maxP99Ms: 1_000 },
    browser: BROWSER_SLO,
    recovery: { channel: 'incognito', maxReadyMs: 60_000 },
  },
  'node-termination': {
    availability: { channels: ['incognito'], maxFailed: 0, maxP99Ms: 1_000 },
    browser: BROWSER_SLO,
    recovery: { channel: 'incognito', maxReadyMs: 90_000 },
  },
  'cache-validation': { availability: { channels: ['incognito'], maxFailed: 0 }, coherenceBudgetMs: 1_000 },
  'redis-sentinel-failover': {
    availability: { channels: ['incognito'], maxFailed: 0 },
    failoverBudgetMs: 15_000,
    rejoinBudgetMs: 30_000,
  },
  // The outage of these two is their expected cost: availability reports it, with no limit to
  // breach; recovery judges them. Budgets for the embedded target; a cluster's SLO file raises
  // them (an App Engine on Kubernetes starts in minutes).
  'single-node': { availability: { channels: ['incognito'] }, recovery: { channel: 'incognito', maxFirstSuccessMs: 20_000 } },
  'database-restart': { availability: { channels: ['incognito', 'db'] }, recovery: { channel: 'db', maxFirstSuccessMs: 15_000 } },
  'mixed-versions': { availability: { channels: ['incognito'], maxFailed: 0 }, browser: BROWSER_SLO },
} satisfies Record<string, ScenarioSlo>;

export type ScenarioId = keyof typeof DEFAULT_SLO;

export const SCENARIO_IDS = Object.keys(DEFAULT_SLO) as ScenarioId[];

/** What an SLO file holds: for any scenario, any of its SLO's fields. */
export const sloFileSchema = z.strictObject(
  Object.fromEntries(SCENARIO_IDS.map((id) => [id, scenarioSloSchema.optional()])) as Record<ScenarioId, z.ZodOptional<typeof scenarioSloSchema>>,
  { error: 'a JSON object keyed by scenario' },
);

export const KIND_SLO_FILE = `${PROJECT_ROOT}fixtures/kind/slo.json`;

export class SloFileError extends Error {
  override name = 'SloFileError';
}

function sloFileError(source: string, problems: Problem[]): SloFileError {
  const lines = problems.map((p) =>
    expectedAt(p, { name: dotted, keyNoun: (path) => (path.length === 1 ? 'scenario' : 'field') }),
  );
  return new SloFileError(lines.length === 1 ? `${source}: ${lines[0]}` : `${source}: ${lines.length} problems:\n  ${lines.join('\n  ')}`);
}

/**
 * The defaults merged with the overrides of a file, field by field; every problem of the file
 * (unknown scenario or field, wrong type, out of range) is refused at once, each with its path.
 */
export function mergeSlo(overrides: unknown, source: string, base: Record<ScenarioId, ScenarioSlo> = DEFAULT_SLO): Record<ScenarioId, ScenarioSlo> {
  const file = parseWith(sloFileSchema, overrides, (problems) => sloFileError(source, problems));
  const merged: Record<ScenarioId, ScenarioSlo> = structuredClone(base);
  for (const [scenario, slo] of Object.entries(file) as [ScenarioId, ScenarioSlo | undefined][]) {
    const into = merged[scenario] as Record<string, unknown>;
    for (const [field, value] of Object.entries(slo ?? {})) {
      const current = into[field];
      into[field] = typeof value === 'object' && !Array.isArray(value) ? { ...(current as object | undefined), ...value } : value;
    }
  }
  return merged;
}

function readSloFile(file: string, variable: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SloFileError(`${variable} ${file} cannot be read as JSON: ${(error as Error).message}`);
  }
}

/**
 * The SLO of a scenario: its defaults; on kind, the cluster's budgets (fixtures/kind/slo.json:
 * node loss takes the cluster its grace period to notice); then CHAOS_SLO_FILE's overrides.
 * A file cannot remove a default (null is refused), so what the defaults define stays defined.
 */
export function sloFor<K extends ScenarioId>(id: K, env: NodeJS.ProcessEnv = process.env): (typeof DEFAULT_SLO)[K] {
  let slo: Record<ScenarioId, ScenarioSlo> = DEFAULT_SLO;
  if (envVar('CHAOS_TARGET', env) === 'kind') slo = mergeSlo(readSloFile(KIND_SLO_FILE, 'the kind SLO file'), KIND_SLO_FILE, slo);
  const file = envVar('CHAOS_SLO_FILE', env);
  if (file) slo = mergeSlo(readSloFile(file, 'CHAOS_SLO_FILE'), file, slo);
  return slo[id] as (typeof DEFAULT_SLO)[K];
}

/** The load channel's SLO: the scenario's own, else its availability limits applied to the load channel. */
export function loadSlo(slo: ScenarioSlo): AvailabilitySlo {
  return slo.load ?? { ...slo.availability, channels: ['load'] };
}
