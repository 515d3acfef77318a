// Which of the browser channel's screenshots the report shows. Chosen when the result is saved,
// where the whole history is at hand (as the plot is drawn then); the report only embeds the
// files. Two views: the page at the start of each outage (what a user calling support saw), and
// a strip of every visit across the faults (how the page broke and came back).
import { clock, describeKinds, seconds } from '../checkers/format.js';
import { isBad, outageWindows } from '../checkers/outages.js';
import { READY_NOTE } from '../checkers/recovery.js';
import type { Verdict } from '../checkers/verdict.js';
import type { History } from '../history/history.js';
import type { FaultEvent, Operation, Outcome } from '../history/records.js';
import { CHANNEL_DEFAULTS } from '../probes/channel.js';

/** The check of the browser channel's operations (browser-loop.ts). */
const BROWSER_CHECK = 'browser';

/** A strip longer than this is thinned: each frame is embedded, and a report must stay openable. */
export const MAX_STRIP_FRAMES = 120;
/** A flapping target can have dozens of outages; their first pictures say what the rest would. */
export const MAX_OUTAGE_FRAMES = 24;

/** One visit as the report shows it. */
export interface Shot {
  /** Relative to the reports directory; absent when the visit left no picture (it could not start). */
  frame?: string;
  /** When the visit was due, in history milliseconds. */
  at: number;
  clock: string;
  outcome: Outcome;
  /** Failed, timed out, not measured, or slower than the channel's slow threshold. */
  bad: boolean;
  /** "failed after 120 ms: script http://…/app.js answered HTTP 404" */
  what: string;
  /** A bad visit's reason in a word or two, under its thumbnail: "HTTP 404", "refused", "slow 1.60 s". */
  tag?: string;
  instance?: string;
}

export interface OutageShot {
  /** The first bad visit of the window that left a picture, else its first bad visit. */
  shot: Shot;
  from: string;
  to: string;
  durationMs: number;
  /** "5 answered 404, 2 timed out" */
  kinds: string;
}

export interface FaultMark {
  at: number;
  label: string;
}

/** Consecutive visits that left no picture (they could not start, or the screenshot failed): one tile, so the strip keeps its timeline. */
export interface Gap {
  at: number;
  to: number;
  visits: number;
  /** What the first of them was, e.g. "not measured: could not start on schedule: …". */
  what: string;
}

export interface Strip {
  /** The first fault's injection: the strip's offsets count from it. */
  origin: number;
  originClock: string;
  fault: string;
  from: string;
  to: string;
  marks: FaultMark[];
  shots: Shot[];
  /** Pictured visits in the span, before thinning. */
  pictured: number;
  gaps: Gap[];
}

export interface Filmstrip {
  channel: string;
  slowMs: number;
  outages: OutageShot[];
  /** Outage windows in all; more than `outages` when capped. */
  outageCount: number;
  /** Absent when no fault was injected. */
  strip?: Strip;
}

/** The slow threshold the availability checker judged the channel by, so an outage here is one there. */
export function slowMsFor(channel: string, verdicts: Verdict[]): number {
  for (const v of verdicts) {
    // The HTTP channels' availability checker, or the browser's own (browser-availability).
    if (!v.checker.endsWith('availability') || typeof v.figures.slowMs !== 'number') continue;
    const judged = v.figures.channels as Record<string, unknown> | undefined;
    if (judged && channel in judged) return v.figures.slowMs;
  }
  return CHANNEL_DEFAULTS.slowMs;
}

function what(op: Operation, slowMs: number): string {
  const after = seconds(op.latencyMs);
  const detail = op.detail ? `: ${op.detail}` : '';
  if (op.outcome === 'ok') return op.latencyMs > slowMs ? `slow: rendered after ${after}` : `rendered in ${after}`;
  if (op.outcome === 'fail') return `failed after ${after}${detail}`;
  if (op.error === 'timeout') return `timed out after ${after}${detail}`;
  if (op.error === 'unmeasured') return `not measured${detail}`;
  return `indeterminate after ${after}${detail}`;
}

function tagOf(op: Operation, slowMs: number): string | undefined {
  if (op.outcome === 'ok') return op.latencyMs > slowMs ? `slow ${seconds(op.latencyMs)}` : undefined;
  if (op.status !== undefined && op.status >= 400) return `HTTP ${op.status}`;
  if (op.error === 'timeout') return 'timed out';
  if (op.error === 'unmeasured') return 'not measured';
  return op.error?.replace('-', ' ') ?? op.outcome;
}

function shotOf(history: History, op: Operation, slowMs: number): Shot {
  const shot: Shot = { at: op.scheduled, clock: clock(history, op.scheduled), outcome: op.outcome, bad: isBad(op, slowMs), what: what(op, slowMs) };
  if (op.frame) shot.frame = op.frame;
  const tag = tagOf(op, slowMs);
  if (tag) shot.tag = tag;
  // A failing subresource's detail already says "from app-2".
  if (op.instance && !op.detail?.includes(op.instance)) shot.instance = op.instance;
  return shot;
}

/**
 * Evenly spaced good frames, and every bad one however many: the bad ones are why the strip
 * exists, and a thinned outage would look shorter than it was.
 */
export function thinShots(shots: Shot[], max = MAX_STRIP_FRAMES): Shot[] {
  if (shots.length <= max) return shots;
  const good = shots.filter((s) => !s.bad);
  const room = Math.max(0, max - (shots.length - good.length));
  const kept = new Set<Shot>();
  for (let i = 0; i < room; i++) kept.add(good[Math.floor((i * good.length) / room)]!);
  return shots.filter((s) => s.bad || kept.has(s));
}

/** The outages as the availability checker sees them: a slot the probe could not use is none. */
const measuredWindows = (ops: Operation[], slowMs: number) => outageWindows(ops.filter((op) => op.error !== 'unmeasured'), slowMs);

function outageShots(history: History, ops: Operation[], slowMs: number): { outages: OutageShot[]; count: number } {
  const windows = measuredWindows(ops, slowMs);
  const outages = windows.slice(0, MAX_OUTAGE_FRAMES).map((w) => {
    const bad = ops.filter((op) => op.scheduled >= w.start && op.scheduled <= w.end && isBad(op, slowMs));
    const first = bad.find((op) => op.frame) ?? bad[0]!;
    return {
      shot: shotOf(history, first, slowMs),
      from: clock(history, w.start),
      to: clock(history, w.end),
      durationMs: w.durationMs,
      kinds: describeKinds(w.kinds, w.statuses),
    };
  });
  return { outages, count: windows.length };
}

/** "pod-deletion of entando-app-1", as the availability checker names a fault. */
const faultName = (f: FaultEvent) => (f.detail ? `${f.name} of ${f.detail}` : f.name);

/**
 * From one visit before the first injection to one visit after the last heal, or after the
 * last outage that began by then if it outlasted the heal (the user's recovery, not the
 * nemesis's). With no heal, until the replicas were ready again, else to the end.
 */
function stripOf(history: History, ops: Operation[], slowMs: number): Strip | undefined {
  const faults = history.faults();
  const inject = faults.find((f) => f.stage === 'inject-start');
  if (!inject) return undefined;
  const heals = faults.filter((f) => f.stage === 'heal-end' && f.at >= inject.at);
  const ready = history.notes(READY_NOTE).find((n) => n.at >= inject.at);
  let until = heals.length > 0 ? heals[heals.length - 1]!.at : (ready?.at ?? Infinity);
  for (const w of measuredWindows(ops, slowMs)) if (w.start <= until) until = Math.max(until, w.end);
  const firstAfter = ops.findIndex((op) => op.scheduled >= inject.at);
  const from = firstAfter < 0 ? ops.length - 1 : Math.max(0, firstAfter - 1);
  const after = ops.findIndex((op) => op.scheduled > until);
  const span = ops.slice(from, after < 0 ? ops.length : after + 1);
  if (span.length === 0) return undefined;
  const pictured = span.filter((op) => op.frame).map((op) => shotOf(history, op, slowMs));
  const gaps: Gap[] = [];
  span.forEach((op, i) => {
    if (op.frame) return;
    const open = gaps[gaps.length - 1];
    if (open && span[i - 1] && !span[i - 1]!.frame) {
      open.to = op.scheduled;
      open.visits++;
    } else gaps.push({ at: op.scheduled, to: op.scheduled, visits: 1, what: what(op, slowMs) });
  });
  const first = span[0]!.scheduled;
  const last = span[span.length - 1]!.scheduled;
  const marks = faults
    .filter((f) => (f.stage === 'inject-start' || f.stage === 'heal-end') && f.at >= first && f.at <= last)
    .map((f) => ({ at: f.at, label: `${faultName(f)} ${f.stage === 'inject-start' ? 'injected' : 'healed'}` }));
  return {
    origin: inject.at,
    originClock: clock(history, inject.at),
    fault: faultName(inject),
    from: clock(history, first),
    to: clock(history, last),
    marks,
    shots: thinShots(pictured),
    pictured: pictured.length,
    gaps,
  };
}

/** One filmstrip per browser channel that left pictures; none for a history without any. */
export function filmstripsOf(history: History, verdicts: Verdict[]): Filmstrip[] {
  const channels = [...new Set(history.operations().filter((op) => op.check === BROWSER_CHECK && op.frame).map((op) => op.channel))];
  return channels.map((channel) => {
    const ops = history.operations(channel).sort((a, b) => a.scheduled - b.scheduled);
    const slowMs = slowMsFor(channel, verdicts);
    const { outages, count } = outageShots(history, ops, slowMs);
    const strip = stripOf(history, ops, slowMs);
    return { channel, slowMs, outages, outageCount: count, ...(strip ? { strip } : {}) };
  });
}
