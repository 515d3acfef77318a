// The log search's logic, against a stand-in for a target's instances and logs (the real
// engine's access log is searched in fixtures/entando-engine/engine.docker.test.ts).
import { expect, it } from 'vitest';
import type { StartedTarget } from '../targets/target.js';
import { instanceThatServed } from './instance-resolution.js';

/** Two instances; app-2's log gets the request's line at the `arrivesAt`-th read of it (never when undefined). */
function targetLogging(arrivesAt: number | undefined, alsoOn?: string) {
  let reads = 0;
  return {
    instances: async () => [{ name: 'app-1' }, { name: 'app-2' }],
    logs: async (name: string) => {
      if (name === 'app-2') reads++;
      const logged = (name === 'app-2' && arrivesAt !== undefined && reads >= arrivesAt) || name === alsoOn;
      return logged ? [{ time: '', instance: name, text: 'access instance=x rid=r-1 status=200' }] : [];
    },
  } as unknown as StartedTarget;
}

it('waits for the line to reach the log, as an access log writes it after the answer', async () => {
  expect(await instanceThatServed(targetLogging(3), 'r-1', { timeoutMs: 2_000 })).toBe('app-2');
});

it('names the instances searched when no log holds the request, or when two do', async () => {
  await expect(instanceThatServed(targetLogging(undefined), 'r-1', { timeoutMs: 300 })).rejects.toThrow(
    'request r-1 is in the logs of no instance within 0.3 s; searched app-1, app-2',
  );
  await expect(instanceThatServed(targetLogging(1, 'app-1'), 'r-1', { timeoutMs: 300 })).rejects.toThrow('request r-1 is in the logs of app-1 and app-2; searched app-1, app-2');
});
