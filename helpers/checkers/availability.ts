// Availability: per channel and phase, how many requests were served, how fast, and every
// outage window, compared with an SLO given as data.
import { z } from 'zod';
import { phaseLookup, type History } from '../history/history.js';
import type { Operation, Phase } from '../history/records.js';
import { CHANNEL_DEFAULTS } from '../probes/channel.js';
import { kebabName, nonNegative, numberIn } from '../validation/leaves.js';
import { describeFault, describeKinds, plural, seconds, span } from './format.js';
import { describeInFlight, lostInFlight } from './in-flight.js';
import { outageWindows, type OutageWindow } from './outages.js';
import { percentile, round } from './stats.js';
import type { Checker, Verdict } from './verdict.js';

export const availabilitySloSchema = z.strictObject({
  /** Channels the SLO applies to; every channel when omitted. */
  channels: z.array(kebabName(), { error: 'a list of channel names' }).min(1).optional(),
  /** A success slower than this counts as unavailable (default 1000 ms). */
  slowMs: numberIn({ min: 1 }).optional(),
  /** Requests not served (failed or timed out). */
  maxFailed: nonNegative().optional(),
  maxLongestOutageMs: nonNegative().optional(),
  maxTotalOutageMs: nonNegative().optional(),
  maxP99Ms: nonNegative().optional(),
  minSuccessRatio: numberIn({ min: 0, max: 1 }).optional(),
});

export type AvailabilitySlo = z.infer<typeof availabilitySloSchema>;

export type AvailabilityLimit = 'maxFailed' | 'maxLongestOutageMs' | 'maxTotalOutageMs' | 'maxP99Ms' | 'minSuccessRatio';

// The one place a limit is put in words: the checker's breaches quote these, and so may a
// test's expectation, which then follows whatever SLO is in force.
const LIMIT_WORDS: Record<AvailabilityLimit, (limit: number) => string> = {
  maxFailed: (n) => `at most ${n} failed requests`,
  maxLongestOutageMs: (ms) => `longest outage at most ${seconds(ms)}`,
  maxTotalOutageMs: (ms) => `total outage at most ${seconds(ms)}`,
  maxP99Ms: (ms) => `p99 latency at most ${seconds(ms)}`,
  minSuccessRatio: (ratio) => `success ratio at least ${ratio}`,
};

/** A limit of an SLO as a breach states it: availabilityLimit({ maxFailed: 0 }, 'maxFailed') is "at most 0 failed requests". */
export function availabilityLimit(slo: AvailabilitySlo, limit: AvailabilityLimit): string {
  const value = slo[limit];
  if (value === undefined) throw new Error(`this availability SLO sets no ${limit}: ${JSON.stringify(slo)}`);
  return LIMIT_WORDS[limit](value);
}

interface Counts {
  attempted: number;
  ok: number;
  failed: number;
  indeterminate: number;
  successRatio: number;
  p50Ms?: number;
  p95Ms?: number;
  p99Ms?: number;
  maxMs?: number;
}

function counts(ops: Operation[]): Counts {
  const latencies = ops.filter((o) => o.outcome === 'ok').map((o) => o.latencyMs);
  const ok = latencies.length;
  return {
    attempted: ops.length,
    ok,
    failed: ops.filter((o) => o.outcome === 'fail').length,
    indeterminate: ops.filter((o) => o.outcome === 'info').length,
    successRatio: ops.length === 0 ? 1 : round(ok / ops.length, 5)!,
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(percentile(latencies, 100)),
  };
}

/**
 * A slot the probe could not use (a browser visit that could not start on schedule) says nothing
 * of the application: it is counted and said, never judged as a failure or hidden as a success.
 */
const isUnmeasured = (op: Operation) => op.error === 'unmeasured';

export interface ChannelFigures extends Counts {
  /** Slots of the schedule the probe could not use, left out of every other figure. */
  unmeasured: number;
  byPhase: Partial<Record<Phase | 'none', Counts>>;
  outages: (Omit<OutageWindow, 'start' | 'end' | 'settledAt'> & { start: string; end: string; startMs: number; endMs: number })[];
  longestOutageMs: number;
  totalOutageMs: number;
}

/** The fault active during a window, described for an explanation ("during kill-process of app-1"). */
function faultDuring(history: History, start: number, end: number): string | undefined {
  let injected: { name: string; at: number; detail?: string } | undefined;
  for (const event of history.faults()) {
    if (event.at > end) break;
    if (event.stage === 'inject-start') injected = event;
    if (event.stage === 'heal-end' && event.at < start) injected = undefined;
  }
  return injected && describeFault(injected);
}

export function channelFigures(history: History, ops: Operation[], windows: OutageWindow[], unmeasured = 0): ChannelFigures {
  const groups = new Map<string, Operation[]>();
  const phaseAt = phaseLookup(history.phases());
  for (const op of ops) {
    const phase = phaseAt(op.scheduled) ?? 'none';
    const group = groups.get(phase);
    if (group) group.push(op);
    else groups.set(phase, [op]);
  }
  return {
    ...counts(ops),
    unmeasured,
    byPhase: Object.fromEntries([...groups].map(([phase, list]) => [phase, counts(list)])),
    outages: windows.map(({ settledAt: _, ...w }) => ({
      ...w,
      durationMs: round(w.durationMs)!,
      startMs: round(w.start)!,
      endMs: round(w.end)!,
      start: history.wallClock(w.start).toISOString(),
      end: history.wallClock(w.end).toISOString(),
    })),
    longestOutageMs: round(Math.max(0, ...windows.map((w) => w.durationMs)))!,
    totalOutageMs: round(windows.reduce((sum, w) => sum + w.durationMs, 0))!,
  };
}

const unserved = (w: OutageWindow) => w.bad - (w.kinds.slow ?? 0);
const mostUnserved = (windows: OutageWindow[]) => [...windows].sort((a, b) => unserved(b) - unserved(a) || b.durationMs - a.durationMs)[0];

/**
 * Requests that went unserved on the channels this SLO leaves out (e.g. logged-in users while a
 * node dies), so a valid verdict does not hide them; they do not change the verdict.
 */
function unjudgedOutages(history: History, judged: string[], slowMs: number): string | undefined {
  const seen: string[] = [];
  // Browser channels, the load channel and the probes' HTTP channels have SLOs of their own (a
  // visit is slower than a request by nature; the load is judged apart): each checker speaks of its own kind.
  const kind = (channel: string) => {
    const check = history.operations(channel)[0]?.check;
    return check === 'browser' || check === 'load' ? check : 'http';
  };
  const judgedKind = judged.length > 0 ? kind(judged[0]!) : 'http';
  for (const channel of history.channels().filter((c) => !judged.includes(c) && kind(c) === judgedKind)) {
    const ops = history.operations(channel).filter((op) => !isUnmeasured(op));
    const windows = outageWindows(ops, slowMs).filter((w) => unserved(w) > 0);
    if (windows.length === 0) continue;
    const among = windows.length > 1 ? ` (one of ${windows.length} outages)` : '';
    seen.push(`${describeOutage(history, ops[0]!.check, mostUnserved(windows)!)}${among}`);
  }
  return seen.length > 0 ? `Not judged by this SLO: ${seen.join('; ')}.` : undefined;
}

/** The channel the load generator's requests go to (helpers/load/). */
export const LOAD_CHANNEL = 'load';

/** The load mixes requests of several kinds, and a fault may cost only one of them (a sign-in in flight): "sign-in 8 of 512". */
function unservedByTarget(ops: Operation[]): string {
  const byTarget = new Map<string, { sent: number; unserved: number }>();
  for (const op of ops) {
    if (op.target === undefined) continue;
    const t = byTarget.get(op.target) ?? { sent: 0, unserved: 0 };
    t.sent++;
    if (op.outcome !== 'ok') t.unserved++;
    byTarget.set(op.target, t);
  }
  return [...byTarget].filter(([, t]) => t.unserved > 0).map(([name, t]) => `${name} ${t.unserved} of ${t.sent}`).join(', ');
}

const FAILED: Record<string, string> = { render: 'page failed to render', browser: 'page failed to load in a browser', load: "load's requests went unserved" };

export function describeOutage(history: History, checkName: string, w: OutageWindow): string {
  const fault = faultDuring(history, w.start, Math.max(w.end, w.settledAt));
  const where = w.instances.length > 0 ? ` from ${w.instances.join(', ')}` : '';
  // A browser visit's detail names the asset that failed, which kinds and statuses cannot.
  const first = checkName === 'browser' && w.firstDetail ? ` (first: ${w.firstDetail})` : '';
  return (
    `the ${FAILED[checkName] ?? `${checkName} check failed`} for ${seconds(w.durationMs)} ` +
    `(${span(history, w.start, w.end)}) on ${w.channel}: ${describeKinds(w.kinds, w.statuses)}${where}${first}${fault ? `, during ${fault}` : ''}`
  );
}

/** `name` tells two of them apart in a verdict: the HTTP channels' and the browser's. */
export function availability(slo: AvailabilitySlo = {}, name = 'availability'): Checker {
  const slowMs = slo.slowMs ?? CHANNEL_DEFAULTS.slowMs;
  return {
    name,
    check(history): Verdict {
      const channels = slo.channels ?? history.channels();
      const figures: Record<string, ChannelFigures> = {};
      const breaches: string[] = [];
      const summaries: string[] = [];
      for (const channel of channels) {
        const all = history.operations(channel);
        const ops = all.filter((op) => !isUnmeasured(op));
        const windows = outageWindows(ops, slowMs);
        const f = channelFigures(history, ops, windows, all.length - ops.length);
        figures[channel] = f;
        if (f.attempted === 0) {
          breaches.push(`${channel} ${all.length === 0 ? 'sent no request' : `could not make any of its ${all.length} requests`}, so nothing was measured.`);
          continue;
        }
        const blind = f.unmeasured > 0 ? ` (${f.unmeasured} of ${all.length} not measured: ${all.find(isUnmeasured)!.detail})` : '';
        const check = ops[0]!.check;
        const notServed = f.failed + f.indeterminate;
        const longest = [...windows].sort((a, b) => b.durationMs - a.durationMs)[0];
        const limits: string[] = [];
        // The window shown is the one that breached: for unserved requests, where most went unserved
        // (a slow stretch can outlast many short runs of failures), else the longest.
        let shown = longest;
        const breach = (limit: AvailabilityLimit, saw: string) => limits.push(`${availabilityLimit(slo, limit)}, saw ${saw}`);
        if (slo.maxFailed !== undefined && notServed > slo.maxFailed) {
          breach('maxFailed', String(notServed));
          shown = mostUnserved(windows);
        }
        if (slo.maxLongestOutageMs !== undefined && f.longestOutageMs > slo.maxLongestOutageMs) breach('maxLongestOutageMs', seconds(f.longestOutageMs));
        if (slo.maxTotalOutageMs !== undefined && f.totalOutageMs > slo.maxTotalOutageMs) breach('maxTotalOutageMs', seconds(f.totalOutageMs));
        if (slo.maxP99Ms !== undefined && (f.p99Ms ?? Infinity) > slo.maxP99Ms) breach('maxP99Ms', f.p99Ms === undefined ? 'no success' : seconds(f.p99Ms));
        if (slo.minSuccessRatio !== undefined && f.successRatio < slo.minSuccessRatio) breach('minSuccessRatio', String(f.successRatio));
        if (limits.length > 0) {
          const what = shown ? describeOutage(history, check, shown) : `${check} on ${channel} was too slow`;
          const among = windows.length > 1 ? ` (one of ${windows.length} outages)` : '';
          const targets = ops[0]!.target !== undefined ? ` Unserved by target: ${unservedByTarget(ops)}.` : '';
          const inFlight = notServed > 0 ? describeInFlight(lostInFlight(history, ops)) : undefined;
          breaches.push(`${what[0]!.toUpperCase()}${what.slice(1)}${among}; SLO: ${limits.join('; ')}${blind}.${targets}${inFlight ? ` ${inFlight}` : ''}`);
        } else {
          summaries.push(
            `${check === 'load' ? 'load' : `${check} on ${channel}`}: ${f.ok} of ${plural(f.attempted, 'request')} served` +
              `${f.outages.length ? `, longest outage ${seconds(f.longestOutageMs)}` : ', no outage'}, p99 ${seconds(f.p99Ms ?? 0)}${blind}`,
          );
        }
      }
      const aside = unjudgedOutages(history, channels, slowMs);
      const explanation = breaches.length > 0 ? breaches.join(' ') : `${summaries.join('; ')}.`;
      return {
        checker: name,
        valid: breaches.length === 0,
        figures: { slowMs, slo, channels: figures },
        explanation: aside ? `${explanation} ${aside}` : explanation,
      };
    },
  };
}
