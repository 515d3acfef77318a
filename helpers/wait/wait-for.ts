// The one condition primitive every wait helper is built on (as in the Kubernetes e2e
// framework): poll a check, print progress while it takes long, and on timeout say what was
// expected and what was last seen. A check that meets a state no waiting can fix (access
// refused, a container crash-looping or whose image cannot be pulled) throws p-retry's
// AbortError, or an HTTP error with status 401 or 403, and the wait stops at once naming it.
import { setTimeout as sleep } from 'node:timers/promises';
import { AbortError } from 'p-retry';
import { log } from '../log/log.js';

export interface Observation<T> {
  /** true when the awaited state is reached. */
  done: boolean;
  /** What was seen, in a few words ("1/2 instances ready"); shown in progress and errors. */
  state: string;
  value?: T;
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  signal?: AbortSignal;
  /** Progress lines are printed every progressMs once a wait lasts longer than that. */
  progressMs?: number;
}

export class WaitTimeoutError extends Error {
  override name = 'WaitTimeoutError';
  constructor(
    readonly what: string,
    readonly elapsedMs: number,
    readonly lastState: string,
    options?: { cause?: unknown },
  ) {
    super(`timed out after ${(elapsedMs / 1000).toFixed(1)} s waiting for ${what}; last seen: ${lastState}`, options);
  }
}

const DEFAULT_INTERVAL_MS = 250;
const DEFAULT_PROGRESS_MS = 3_000;
const CHECK_MIN_MS = 1_000;

export class WaitAbortedError extends Error {
  override name = 'WaitAbortedError';
  constructor(
    readonly what: string,
    readonly elapsedMs: number,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`gave up after ${(elapsedMs / 1000).toFixed(1)} s waiting for ${what}: ${reason}, which waiting cannot fix`, options);
  }
}

/** Whether a check's error is one that waiting longer cannot fix; the Kubernetes client's errors carry `code`. */
function unrecoverable(error: unknown): boolean {
  if (error instanceof AbortError) return true;
  const code = (error as { code?: unknown; statusCode?: unknown } | undefined)?.code ?? (error as { statusCode?: unknown } | undefined)?.statusCode;
  return code === 401 || code === 403;
}

/** A check that hangs must not hold the wait past its deadline. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the check did not answer within ${Math.round(ms)} ms`)), Math.max(1, ms));
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

export async function waitFor<T>(what: string, check: () => Promise<Observation<T>>, options: WaitOptions): Promise<T> {
  const { timeoutMs, intervalMs = DEFAULT_INTERVAL_MS, signal, progressMs = DEFAULT_PROGRESS_MS } = options;
  const started = performance.now();
  let lastState = 'nothing yet';
  let lastError: unknown;
  let nextProgress = started + progressMs;
  for (;;) {
    signal?.throwIfAborted();
    try {
      // At least a second, so the last look before the deadline can still be seen.
      const seen = await within(check(), Math.max(CHECK_MIN_MS, timeoutMs - (performance.now() - started)));
      lastState = seen.state;
      lastError = undefined;
      if (seen.done) return seen.value as T;
    } catch (error) {
      lastError = error;
      lastState = `error: ${(error as Error).message ?? String(error)}`;
      if (unrecoverable(error)) throw new WaitAbortedError(what, performance.now() - started, (error as Error).message ?? String(error), { cause: error });
    }
    const now = performance.now();
    const elapsed = now - started;
    if (elapsed >= timeoutMs) throw new WaitTimeoutError(what, elapsed, lastState, { cause: lastError });
    if (now >= nextProgress) {
      log.info(`waiting for ${what} (${(elapsed / 1000).toFixed(1)} s of ${(timeoutMs / 1000).toFixed(0)} s; last seen: ${lastState})`);
      nextProgress = now + progressMs;
    }
    // The caller's reason for aborting, not the timer's generic AbortError.
    await sleep(Math.min(intervalMs, timeoutMs - elapsed), undefined, { signal }).catch((error: unknown) => {
      throw signal?.reason ?? error;
    });
  }
}
