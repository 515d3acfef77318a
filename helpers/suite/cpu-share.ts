// Two scenario files run at once on the embedded target, but a scenario that drives a load needs
// the cores to itself: at 300 requests/s beside another file's scenario, the instance left during
// a pod deletion answered late (363 of the load's requests unserved, where alone it serves all).
// A readers-writer lock between the test processes: a file per holder in one directory, named
// by mode, PID and time. Each writes its file first and then looks at the others, so that of two
// arriving together at least one sees the other; a holder whose process is gone is ignored.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../wait/wait-for.js';

export type CpuShare = 'shared' | 'alone';

const DIR = join(tmpdir(), 'entando-chaos-cpu-share');
const WAIT_MS = 15 * 60_000;

interface Holder {
  file: string;
  mode: CpuShare;
  pid: number;
  since: number;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

async function holders(dir: string): Promise<Holder[]> {
  const names = await readdir(dir);
  return names.flatMap((file) => {
    const [mode, pid, since] = file.split('-');
    if (mode !== 'shared' && mode !== 'alone') return [];
    if (!alive(Number(pid))) {
      void rm(join(dir, file), { force: true });
      return [];
    }
    return [{ file, mode, pid: Number(pid), since: Number(since) }];
  });
}

const first = (a: Holder, b: Holder) => a.since - b.since || a.pid - b.pid || a.file.localeCompare(b.file);
let taken = 0;
/** This process's share alone, kept from one case to the next that wants it too (one wait, not one per case). */
let heldAlone: (() => Promise<void>) | undefined;

/** Lets go of a share alone kept from the last case: when the next is not alone, and at each test file's end. */
export async function letGoOfCpu(): Promise<void> {
  const release = heldAlone;
  heldAlone = undefined;
  await release?.();
}

/**
 * Waits until this process may run `what` as `mode` asks (alone: no other holder; shared: no
 * one alone, and none waiting to be), then holds it. The returned function lets go of a shared
 * one; a share alone is kept until letGoOfCpu() (or the next shared ask), since the next case
 * may want it again. A shared one cannot be kept so: a process asking alone would never get in.
 */
export async function takeCpu(mode: CpuShare, what: string, dir = DIR): Promise<() => Promise<void>> {
  if (mode === 'alone' && heldAlone) return async () => {};
  await letGoOfCpu();
  await mkdir(dir, { recursive: true });
  const me: Holder = { mode, pid: process.pid, since: Date.now(), file: '' };
  me.file = `${mode}-${me.pid}-${me.since}-${++taken}`;
  const path = join(dir, me.file);
  const release = () => rm(path, { force: true });
  const blocking = async () => {
    const others = (await holders(dir)).filter((h) => h.file !== me.file);
    return mode === 'alone' ? others.filter((h) => h.mode === 'shared' || first(h, me) < 0) : others.filter((h) => h.mode === 'alone');
  };
  const state = (blockers: Holder[]) => `${blockers.map((h) => `process ${h.pid} (${h.mode})`).join(', ') || 'none'} before it`;
  try {
    if (mode === 'alone') {
      // The intent stays while waiting: no new shared holder enters meanwhile.
      await writeFile(path, '');
      await waitFor(`the cores to ${what} alone`, async () => {
        const blockers = await blocking();
        return { done: blockers.length === 0, state: state(blockers) };
      }, { timeoutMs: WAIT_MS });
      heldAlone = release;
      return async () => {};
    }
    await waitFor(`a share of the cores for ${what}`, async () => {
      await writeFile(path, '');
      const blockers = await blocking();
      if (blockers.length > 0) await release();
      return { done: blockers.length === 0, state: state(blockers) };
    }, { timeoutMs: WAIT_MS });
    return release;
  } catch (error) {
    await release();
    throw error;
  }
}
