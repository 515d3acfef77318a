// One browser at a time among the test processes. A browser channel takes about a core (a fresh
// context per visit costs Chromium 0.8 to 1 CPU-second), so two scenarios looking through one
// each on 2 cores starved both: visits of one took 5 to 6 s while the other's Chromium started,
// and the page's "failure" was the instrument's (a fresh clone's npm test, 2026-12-04). Scenarios
// without a browser still run beside one. A lock file (proper-lockfile: an atomic mkdir, stale
// once its holder stops refreshing it, so a killed process does not hold it for ever).
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { log } from '../log/log.js';
import { waitFor } from '../wait/wait-for.js';

const FILE = join(tmpdir(), 'entando-chaos-browser-turn');
const WAIT_MS = 15 * 60_000;

/** Waits until no other test process's scenario looks through a browser, then holds the turn; returns how to give it back. */
export async function takeBrowserTurn(what: string, file = FILE): Promise<() => Promise<void>> {
  await writeFile(file, '', { flag: 'a' });
  return waitFor(
    `the browser's turn for ${what}`,
    async () => {
      try {
        // A turn whose lock file was taken over (its refresh came too late) is not worth failing a scenario for.
        const onCompromised = (error: Error) => log.warn(`the browser's turn for ${what} was lost: ${error.message}`);
        const release = await lockfile.lock(file, { onCompromised });
        // proper-lockfile's release takes an optional callback: an argument would be taken for one.
        return { done: true, state: 'taken', value: () => release() };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
        return { done: false, state: 'another scenario is looking through its browser' };
      }
    },
    { timeoutMs: WAIT_MS },
  );
}
