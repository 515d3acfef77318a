// App Builder calls made by a scenario, recorded in its history as operations, so that the
// data checkers (Jepsen's set, cache coherence) judge them like any probe result.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiResponse, AppBuilderClient, CallOptions } from '../entando/app-builder-client.js';
import type { History } from '../history/history.js';
import type { Operation } from '../history/records.js';
import { classifyError } from '../probes/classify.js';

let seq = 0;

/**
 * Makes one call and records it under `channel`/`check`. `value` turns a successful response
 * into the value the checker compares (the created code, the title read); a response that is
 * not 2xx is a failure, a timeout is indeterminate.
 */
export async function recordCall<T>(
  history: History,
  /** `value`: what the call means to write, known before it is made, so that a failed or timed-out write still counts as attempted. */
  where: { channel: string; check: string; instance?: string; value?: string },
  call: () => Promise<ApiResponse<T>>,
  value: (response: ApiResponse<T>) => string | string[] | undefined,
): Promise<ApiResponse<T> | undefined> {
  const start = history.now();
  const op: Operation = { type: 'op', channel: where.channel, check: where.check, seq: seq++, scheduled: start, start, end: start, outcome: 'ok', latencyMs: 0 };
  if (where.instance) op.instance = where.instance;
  if (where.value !== undefined) op.value = where.value;
  let response: ApiResponse<T> | undefined;
  try {
    response = await call();
    op.status = response.status;
    if (response.status >= 200 && response.status < 300) {
      const v = value(response);
      if (Array.isArray(v)) op.values = v;
      else if (v !== undefined) op.value = v;
    } else {
      op.outcome = 'fail';
      op.error = response.status >= 500 ? '5xx' : '4xx';
      op.detail = response.errors[0]?.message ?? `HTTP ${response.status}`;
      // A read that finds nothing still tells what this instance serves.
      if (where.check === 'read-instance') {
        op.outcome = 'ok';
        op.value = `HTTP ${response.status}`;
      }
    }
  } catch (error) {
    const classified = classifyError(error);
    op.outcome = classified.outcome;
    op.error = classified.error;
    op.detail = classified.detail;
  }
  op.end = history.now();
  op.latencyMs = op.end - op.scheduled;
  history.append(op);
  return response;
}

/** Reads a resource from every given instance directly, every `everyMs` for `forMs`, as "read-instance" operations. */
export async function readFromInstances(
  history: History,
  api: AppBuilderClient,
  instances: { name: string; url: string }[],
  path: string,
  pick: (payload: unknown) => string,
  options: { forMs: number; everyMs: number; channel?: string },
) {
  const until = history.now() + options.forMs;
  while (history.now() < until) {
    await Promise.all(
      instances.map((instance) =>
        recordCall(
          history,
          { channel: options.channel ?? 'coherence', check: 'read-instance', instance: instance.name },
          () => api.call('GET', path, { via: instance.url, timeoutMs: 2_000 } satisfies CallOptions),
          (r) => pick(r.payload),
        ),
      ),
    );
    await sleep(options.everyMs);
  }
}
