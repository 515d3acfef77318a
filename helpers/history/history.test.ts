import { expect, it } from 'vitest';
import { History, phaseDurations } from './history.js';

it('sums how long each phase lasted, a recurring one included, with the time before the first mark as start', () => {
  const history = new History('case');
  const marks = [
    { type: 'phase' as const, phase: 'steady' as const, at: 100 },
    { type: 'phase' as const, phase: 'fault' as const, at: 2_100 },
    { type: 'phase' as const, phase: 'recovery' as const, at: 2_400 },
    { type: 'phase' as const, phase: 'fault' as const, at: 5_000 },
    { type: 'phase' as const, phase: 'after' as const, at: 5_100 },
  ];
  for (const mark of [...marks].reverse()) history.append(mark);
  expect(phaseDurations(history.phases(), 8_000)).toEqual({ start: 100, steady: 2_000, fault: 400, recovery: 2_600, after: 2_900 });
  expect(phaseDurations([], 300)).toEqual({ start: 300 });
});
