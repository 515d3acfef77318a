import { expect, it } from 'vitest';
import { AbortError } from 'p-retry';
import { WaitAbortedError, waitFor, WaitTimeoutError } from './wait-for.js';

it('returns the value once the condition holds', async () => {
  let n = 0;
  await expect(waitFor('three polls', async () => ({ done: ++n >= 3, state: `poll ${n}`, value: n }), { timeoutMs: 2_000, intervalMs: 5 })).resolves.toBe(3);
});

it('times out saying what it waited for and what it saw last', async () => {
  const wait = waitFor('the moon', async () => ({ done: false, state: 'still the sun' }), { timeoutMs: 100, intervalMs: 10 });
  await expect(wait).rejects.toThrow(WaitTimeoutError);
  await expect(waitFor('the moon', async () => ({ done: false, state: 'still the sun' }), { timeoutMs: 100, intervalMs: 10 })).rejects.toThrow(
    /^timed out after 0\.\d s waiting for the moon; last seen: still the sun$/,
  );
});

it('does not let a hanging check hold the wait past its deadline, and reports a failing check', async () => {
  const started = performance.now();
  await expect(waitFor('an answer', () => new Promise<never>(() => {}), { timeoutMs: 150 })).rejects.toThrow(/last seen: error: the check did not answer within \d+ ms/);
  expect(performance.now() - started).toBeLessThan(2_000);
  await expect(waitFor('no error', async () => { throw new Error('refused'); }, { timeoutMs: 50, intervalMs: 10 })).rejects.toThrow(/last seen: error: refused$/);
});

it('stops when its signal aborts', async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('Ctrl-C')), 30);
  await expect(waitFor('forever', async () => ({ done: false, state: 'no' }), { timeoutMs: 10_000, intervalMs: 5, signal: controller.signal })).rejects.toThrow('Ctrl-C');
});

it('stops at once on an error that waiting cannot fix, and names it', async () => {
  const started = performance.now();
  const forbidden = Object.assign(new Error('HTTP 403: pods is forbidden'), { code: 403 });
  await expect(waitFor('ready pods', async () => { throw forbidden; }, { timeoutMs: 10_000, intervalMs: 5 })).rejects.toThrow(
    /^gave up after 0\.\d s waiting for ready pods: HTTP 403: pods is forbidden, which waiting cannot fix$/,
  );
  await expect(waitFor('ready pods', async () => { throw new AbortError('app-1 is in CrashLoopBackOff'); }, { timeoutMs: 10_000, intervalMs: 5 })).rejects.toThrow(WaitAbortedError);
  expect(performance.now() - started).toBeLessThan(1_000);
});
