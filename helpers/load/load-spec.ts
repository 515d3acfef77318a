// The load channel's spec: a constant request rate held by Vegeta, beside the probes, as data
// checked up front like the probe channels' (a bad rate, duration or URL is refused by field).
// Every load run is bounded in rate and in time, and aimed only at this machine.
import { z } from 'zod';
import { httpUrl, kebabName, numberIn } from '../validation/leaves.js';
import { parseWith } from '../validation/problems.js';
import { channelSpecError } from '../probes/channel.js';

/** The most a load run may ask: these machines have 2 cores, and a run never aims elsewhere. */
export const LOAD_LIMITS = { maxRatePerSecond: 5_000, maxDurationMs: 30 * 60_000 } as const;

export const LOAD_DEFAULTS = { timeoutMs: 2_000, durationMs: 20 * 60_000 } as const;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

const loadTargetSchema = z.strictObject({
  /** What this request stands for, e.g. "page" or "sign-in"; a result's `target`. */
  name: kebabName(),
  method: z.enum(['GET', 'POST'], { error: 'GET or POST' }).default('GET'),
  url: httpUrl().refine((s) => LOOPBACK.has(new URL(s).hostname), { error: 'a URL on 127.0.0.1 (load is aimed at this machine only)' }),
  headers: z.record(z.string(), z.string(), { error: 'an object of header names to values' }).default({}),
  /** A request body (form or JSON), sent as is. */
  body: z.string().optional(),
});

export const loadSpecSchema = z.strictObject({
  name: kebabName(),
  /** Requests a second, spread over the targets in turn. */
  ratePerSecond: numberIn({ min: 1, max: LOAD_LIMITS.maxRatePerSecond, integer: true }),
  /** The longest the attack may run; stopping it earlier is the usual end. */
  durationMs: numberIn({ min: 100, max: LOAD_LIMITS.maxDurationMs, unit: 'milliseconds' }).default(LOAD_DEFAULTS.durationMs),
  timeoutMs: numberIn({ min: 1, max: 60_000, unit: 'milliseconds' }).default(LOAD_DEFAULTS.timeoutMs),
  /** Requests in flight at most; by default enough for the rate over a timeout and a second more (load-generator.ts). */
  maxWorkers: numberIn({ min: 1, max: 100_000, integer: true }).optional(),
  targets: z.array(loadTargetSchema, { error: 'a list of targets' }).min(1, { error: 'at least one target' }),
});

export type LoadSpecInput = z.input<typeof loadSpecSchema>;
export type LoadSpec = z.output<typeof loadSpecSchema>;
export type LoadTarget = LoadSpec['targets'][number];

export function validateLoadSpec(spec: LoadSpecInput): LoadSpec {
  return parseWith(loadSpecSchema, spec, (problems) => channelSpecError(spec.name, problems));
}

export class LoadRateError extends Error {
  override name = 'LoadRateError';
}

/**
 * A rate as a person writes it: "300/s", "300" (a second), "18000/m". Refused with what was
 * wrong, since a mistyped rate would otherwise aim a different load at the target.
 */
export function parseRate(text: string, source = '--load'): number {
  const match = /^\s*(\d+)\s*(?:\/\s*(s|m|1s|1m))?\s*$/.exec(text);
  const perSecond = match ? Number(match[1]) / (match[2]?.endsWith('m') ? 60 : 1) : NaN;
  if (!Number.isInteger(perSecond) || perSecond < 1 || perSecond > LOAD_LIMITS.maxRatePerSecond) {
    throw new LoadRateError(`${source} must be a whole number of requests a second from 1 to ${LOAD_LIMITS.maxRatePerSecond}, like 300/s, got ${JSON.stringify(text)}`);
  }
  return perSecond;
}
