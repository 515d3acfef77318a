// Which instance served a request, found the way the guide does it: in the instances' logs.
// The request id goes out in x-request-id; the instance that logged it served the request.
import type { StartedTarget } from '../targets/target.js';
import { waitFor, WaitTimeoutError } from '../wait/wait-for.js';

export class InstanceNotFoundError extends Error {
  override name = 'InstanceNotFoundError';
}

/**
 * How long a served request may take to reach its instance's log: Tomcat's access log writes
 * its line after the response has gone, and the container engine keeps it after that (on the
 * embedded target a read right after the answer once found it in no log).
 */
export const LOG_ARRIVAL_MS = 5_000;

/** The instance whose logs hold the request id, once its line has arrived; throws naming the instances searched. */
export async function instanceThatServed(target: StartedTarget, requestId: string, { timeoutMs = LOG_ARRIVAL_MS } = {}): Promise<string> {
  const instances = await target.instances();
  const inLogs = async () => {
    const found: string[] = [];
    for (const { name } of instances) if ((await target.logs(name)).some((line) => line.text.includes(requestId))) found.push(name);
    return found;
  };
  const found = await waitFor(`request ${requestId} in an instance's log`, async () => {
    const seen = await inLogs();
    return { done: seen.length > 0, state: `in ${seen.length} of ${instances.length} logs`, value: seen };
  }, { timeoutMs, intervalMs: 100 }).catch((error: unknown) => {
    if (error instanceof WaitTimeoutError) return [];
    throw error;
  });
  if (found.length !== 1) {
    const where = found.length === 0 ? `no instance within ${timeoutMs / 1000} s` : found.join(' and ');
    throw new InstanceNotFoundError(`request ${requestId} is in the logs of ${where}; searched ${instances.map((i) => i.name).join(', ')}`);
  }
  return found[0]!;
}
