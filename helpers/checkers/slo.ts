// Service-level objectives as data (after k6's thresholds), one entry per scenario. A JSON
// file named by CHAOS_SLO_FILE overrides any of them, e.g. for a release gate:
//   { "process-kill": { "availability": { "maxP99Ms": 500 } } }
import { readFileSync } from 'node:fs';
import { PROJECT_ROOT } from '../paths.js';
import type { AvailabilitySlo } from './availability.js';
import type { RecoveryBudget } from './recovery.js';
import type { SessionSlo } from './session-continuity.js';

export interface ScenarioSlo {
  availability?: AvailabilitySlo;
  recovery?: RecoveryBudget;
  session?: SessionSlo;
  /** After an acknowledged update, every instance serves the new value within this. */
  coherenceBudgetMs?: number;
  /** Kill of the Redis master -> a replica promoted. */
  failoverBudgetMs?: number;
  /** Kill of the Redis master -> the old master back as a replica (after it is started again). */
  rejoinBudgetMs?: number;
}

export const DEFAULT_SLO = {
  'clustered-instance': { availability: { channels: ['incognito'], maxFailed: 0 }, coherenceBudgetMs: 1_000 },
  'pod-deletion': {
    availability: { channels: ['incognito'], maxFailed: 0 },
    session: { channel: 'session', maxLost: 0 },
    recovery: { channel: 'incognito', maxReadyMs: 60_000 },
  },
  'process-kill': {
    availability: { channels: ['incognito'], maxFailed: 0, maxP99Ms: 1_000 },
    recovery: { channel: 'incognito', maxReadyMs: 60_000 },
  },
  'node-termination': {
    availability: { channels: ['incognito'], maxFailed: 0, maxP99Ms: 1_000 },
    recovery: { channel: 'incognito', maxReadyMs: 90_000 },
  },
  'cache-validation': { availability: { channels: ['incognito'], maxFailed: 0 }, coherenceBudgetMs: 1_000 },
  'redis-sentinel-failover': {
    availability: { channels: ['incognito'], maxFailed: 0 },
    failoverBudgetMs: 15_000,
    rejoinBudgetMs: 30_000,
  },
  // Budgets for the embedded target; a cluster's SLO file raises them (an App Engine on
  // Kubernetes starts in minutes).
  'single-node': { availability: { channels: ['incognito'] }, recovery: { channel: 'incognito', maxFirstSuccessMs: 20_000 } },
  'database-restart': { availability: { channels: ['incognito', 'db'] }, recovery: { channel: 'db', maxFirstSuccessMs: 15_000 } },
} satisfies Record<string, ScenarioSlo>;

export type ScenarioId = keyof typeof DEFAULT_SLO;

export const KIND_SLO_FILE = `${PROJECT_ROOT}fixtures/kind/slo.json`;

const FIELDS: Record<keyof ScenarioSlo, 'object' | 'number'> = {
  availability: 'object',
  recovery: 'object',
  session: 'object',
  coherenceBudgetMs: 'number',
  failoverBudgetMs: 'number',
  rejoinBudgetMs: 'number',
};

export class SloFileError extends Error {
  override name = 'SloFileError';
}

/** The defaults merged with the overrides of a file; unknown scenarios or fields are refused by name. */
export function mergeSlo(overrides: unknown, source: string, base: Record<ScenarioId, ScenarioSlo> = DEFAULT_SLO): Record<ScenarioId, ScenarioSlo> {
  const merged: Record<string, ScenarioSlo> = structuredClone(base);
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    throw new SloFileError(`${source} must hold a JSON object keyed by scenario`);
  }
  for (const [scenario, slo] of Object.entries(overrides)) {
    if (!(scenario in merged)) throw new SloFileError(`${source}: unknown scenario ${JSON.stringify(scenario)}; known: ${Object.keys(DEFAULT_SLO).join(', ')}`);
    for (const [field, value] of Object.entries(slo as Record<string, unknown>)) {
      const kind = FIELDS[field as keyof ScenarioSlo];
      if (!kind) throw new SloFileError(`${source}: ${scenario}.${field} is not an SLO field; known: ${Object.keys(FIELDS).join(', ')}`);
      if (kind === 'number' ? typeof value !== 'number' || value < 0 : typeof value !== 'object' || value === null) {
        throw new SloFileError(`${source}: ${scenario}.${field} must be ${kind === 'number' ? 'a number >= 0' : 'an object'}, got ${JSON.stringify(value)}`);
      }
      const current = merged[scenario]![field as keyof ScenarioSlo];
      (merged[scenario] as Record<string, unknown>)[field] = kind === 'object' ? { ...(current as object), ...(value as object) } : value;
    }
  }
  return merged as Record<ScenarioId, ScenarioSlo>;
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
 */
export function sloFor<K extends ScenarioId>(id: K, env: NodeJS.ProcessEnv = process.env): (typeof DEFAULT_SLO)[K] {
  let slo: Record<ScenarioId, ScenarioSlo> = DEFAULT_SLO;
  if (env.CHAOS_TARGET === 'kind') slo = mergeSlo(readSloFile(KIND_SLO_FILE, 'the kind SLO file'), KIND_SLO_FILE, slo);
  if (env.CHAOS_SLO_FILE) slo = mergeSlo(readSloFile(env.CHAOS_SLO_FILE, 'CHAOS_SLO_FILE'), env.CHAOS_SLO_FILE, slo);
  return slo[id] as (typeof DEFAULT_SLO)[K];
}
