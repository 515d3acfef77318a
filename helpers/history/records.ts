// What a history holds (after Jepsen): operations from the probes, fault events from the
// nemesis, phase marks and notes from the scenario. Times are monotonic milliseconds since
// the history began; the anchor ties them to the wall clock.

export type Outcome = 'ok' | 'fail' | 'info';

/** Why a request did not succeed, in a user's terms. */
export type ErrorKind =
  | 'refused'
  | 'reset'
  | 'timeout'
  | 'unreachable'
  | '5xx'
  | '4xx'
  | 'wrong-content'
  | 'other'
  /** Not a request at all: the probe could not make one when the schedule said (outcome info). */
  | 'unmeasured';

export interface Operation {
  type: 'op';
  channel: string;
  /** render (a page with the marker), api (health JSON), or a client operation (add, read, update). */
  check: string;
  seq: number;
  /** When the schedule said to send it. */
  scheduled: number;
  start: number;
  end: number;
  outcome: Outcome;
  status?: number;
  latencyMs: number;
  instance?: string;
  error?: ErrorKind;
  detail?: string;
  /** Session channel: whether the login session was still known. */
  session?: 'kept' | 'lost';
  /** Load channel: which of its requests this was (its target's name, e.g. "sign-in"). */
  target?: string;
  /** Browser channel: the screenshot the visit ended on (a small JPEG), relative to the reports directory. */
  frame?: string;
  /** Data operations: the value written or read. */
  value?: string;
  values?: string[];
}

export type FaultStage = 'inject-start' | 'inject-end' | 'heal-start' | 'heal-end';

export interface FaultEvent {
  type: 'fault';
  name: string;
  stage: FaultStage;
  at: number;
  /** What was hit, e.g. "instance app-1 on node-2". */
  detail?: string;
}

export type Phase = 'steady' | 'fault' | 'recovery' | 'after';

export interface PhaseMark {
  type: 'phase';
  phase: Phase;
  at: number;
}

export interface Note {
  type: 'note';
  /** A short key checkers look for, e.g. "replicas-ready". */
  key: string;
  at: number;
  text: string;
}

export interface Anchor {
  type: 'anchor';
  /** Wall-clock time (ISO 8601) at monotonic time 0. */
  wallClock: string;
  scenario: string;
  target?: string;
}

export type HistoryRecord = Operation | FaultEvent | PhaseMark | Note;
