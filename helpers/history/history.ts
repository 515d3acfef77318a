// An append-only record of one experiment. Writers (probes, faults, the scenario) append;
// checkers read. Listeners (the journal) see every record as it is appended, so an
// interrupted run still leaves its journal.
import type { Anchor, FaultEvent, FaultStage, HistoryRecord, Note, Operation, Phase, PhaseMark } from './records.js';

export type Listener = (record: HistoryRecord | Anchor) => void;

export class History {
  readonly anchor: Anchor;
  private readonly origin: number;
  private readonly records: HistoryRecord[] = [];
  private readonly listeners: Listener[] = [];

  constructor(scenario: string, options: { target?: string; records?: HistoryRecord[]; anchor?: Anchor } = {}) {
    this.origin = performance.now();
    this.anchor = options.anchor ?? { type: 'anchor', wallClock: new Date().toISOString(), scenario, target: options.target };
    if (options.records) this.records.push(...options.records);
  }

  /** Monotonic milliseconds since the history began. */
  now(): number {
    return performance.now() - this.origin;
  }

  /** The wall-clock time of a history time. */
  wallClock(at: number): Date {
    return new Date(Date.parse(this.anchor.wallClock) + at);
  }

  onRecord(listener: Listener) {
    this.listeners.push(listener);
    listener(this.anchor);
    for (const record of this.records) listener(record);
  }

  append(record: HistoryRecord) {
    this.records.push(record);
    for (const listener of this.listeners) listener(record);
  }

  fault(name: string, stage: FaultStage, detail?: string): FaultEvent {
    const event: FaultEvent = { type: 'fault', name, stage, at: this.now(), detail };
    this.append(event);
    return event;
  }

  phase(phase: Phase): PhaseMark {
    const mark: PhaseMark = { type: 'phase', phase, at: this.now() };
    this.append(mark);
    return mark;
  }

  note(key: string, text: string): Note {
    const note: Note = { type: 'note', key, at: this.now(), text };
    this.append(note);
    return note;
  }

  all(): readonly HistoryRecord[] {
    return this.records;
  }

  operations(channel?: string): Operation[] {
    return this.records.filter((r): r is Operation => r.type === 'op' && (channel === undefined || r.channel === channel));
  }

  faults(): FaultEvent[] {
    return this.records.filter((r): r is FaultEvent => r.type === 'fault');
  }

  phases(): PhaseMark[] {
    return this.records.filter((r): r is PhaseMark => r.type === 'phase');
  }

  notes(key?: string): Note[] {
    return this.records.filter((r): r is Note => r.type === 'note' && (key === undefined || r.key === key));
  }

  channels(): string[] {
    return [...new Set(this.operations().map((op) => op.channel))];
  }

  /** The phase a time falls in (the last mark at or before it), or undefined before the first mark. */
  phaseAt(at: number): Phase | undefined {
    return phaseLookup(this.phases())(at);
  }
}

/** A lookup of the phase at a time, for many times at once: the marks are sorted once, then searched. */
export function phaseLookup(marks: PhaseMark[]): (at: number) => Phase | undefined {
  const sorted = [...marks].sort((a, b) => a.at - b.at);
  return (at) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.at <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? sorted[lo - 1]!.phase : undefined;
  };
}

/**
 * How long each phase lasted up to `until`, summed where a phase recurs, with `start` for the
 * time before the first mark (the instruments starting): where a scenario's time goes.
 */
export function phaseDurations(marks: PhaseMark[], until: number): Record<string, number> {
  const sorted = [...marks].sort((a, b) => a.at - b.at);
  const durations: Record<string, number> = { start: sorted[0]?.at ?? until };
  sorted.forEach((mark, i) => {
    durations[mark.phase] = (durations[mark.phase] ?? 0) + Math.max(0, (sorted[i + 1]?.at ?? until) - mark.at);
  });
  return durations;
}
