// The browser channel's own process, at the lowest CPU priority, as is every Chromium process it
// starts. Beside the HTTP prober in one process, Playwright's traffic shared its event loop; in
// a process of its own at the same priority, Chromium's bursts (a renderer per visit) still took
// both cores from it: its schedule lagged 190 ms and 279 ms at p99 (bench/browser-channel.ts).
// The HTTP channels' timing is the measurement; a visit can wait a few milliseconds more.
// It serves one channel after another (a test process's scenarios) with one Chromium, launched
// for the first: a launch and a cold browser's first visits took 2 to 6 s of both cores per
// scenario. The parent sends each channel's spec and its history's origin; every operation goes
// back as a message as it is recorded. The process ends with its parent's IPC channel.
import { mkdir, writeFile } from 'node:fs/promises';
import { setPriority } from 'node:os';
import { join, relative } from 'node:path';
import { getEachMessage, sendMessage } from 'execa';
import type { Operation } from '../history/records.js';
import type { BrowserSpec } from './browser-channel.js';
import { BrowserLoop, type WarmUp } from './browser-loop.js';
import { ChromiumHolder } from './chromium.js';

export interface BrowserProcessInput {
  spec: BrowserSpec;
  /** The parent history's time 0, as performance.timeOrigin + performance.now() there. */
  originMs: number;
  /** Where visits' screenshots go (absolute), and the directory their recorded paths are relative to. */
  frames?: { dir: string; relativeTo: string };
}

export type BrowserProcessRequest = { type: 'start'; input: BrowserProcessInput } | { type: 'stop' };
export type BrowserProcessMessage = { type: 'started'; warmUp: WarmUp } | { type: 'failed'; error: string } | { type: 'op'; op: Operation } | { type: 'stopped' };

const send = (message: BrowserProcessMessage) => sendMessage(message);

/** The nicest; children inherit it. */
const LOWEST_PRIORITY = 19;
setPriority(LOWEST_PRIORITY);

const chromium = new ChromiumHolder();

async function startLoop(input: BrowserProcessInput): Promise<BrowserLoop | undefined> {
  // Both processes read the same wall clock at their time origins, to well under a millisecond.
  const now = () => performance.timeOrigin + performance.now() - input.originMs;
  const { frames } = input;
  if (frames) await mkdir(frames.dir, { recursive: true });
  const saveFrame = frames
    ? async (seq: number, jpeg: Buffer) => {
        const file = join(frames.dir, `${input.spec.name}-${String(seq).padStart(6, '0')}.jpg`);
        await writeFile(file, jpeg);
        return relative(frames.relativeTo, file);
      }
    : undefined;
  const loop = new BrowserLoop(input.spec, chromium, now, (op) => void send({ type: 'op', op }), saveFrame);
  try {
    await send({ type: 'started', warmUp: await loop.start() });
    return loop;
  } catch (error) {
    await loop.stop().catch(() => {});
    await send({ type: 'failed', error: (error as Error).message.split('\n')[0]! });
    return undefined;
  }
}

let loop: BrowserLoop | undefined;
for await (const message of getEachMessage()) {
  const request = message as unknown as BrowserProcessRequest;
  if (request.type === 'start') loop = await startLoop(request.input);
  if (request.type === 'stop') {
    await loop?.stop();
    loop = undefined;
    await send({ type: 'stopped' });
  }
}
await loop?.stop();
await chromium.close();
