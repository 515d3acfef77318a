// Which instance served a request, found the way the guide does it: in the instances' logs.
// The request id goes out in x-request-id; the instance that logged it served the request.
import type { StartedTarget } from '../targets/target.js';

export class InstanceNotFoundError extends Error {
  override name = 'InstanceNotFoundError';
}

/** The instance whose logs hold the request id; throws naming the instances searched. */
export async function instanceThatServed(target: StartedTarget, requestId: string): Promise<string> {
  const instances = await target.instances();
  const found: string[] = [];
  for (const instance of instances) {
    const lines = await target.logs(instance.name);
    if (lines.some((line) => line.text.includes(requestId))) found.push(instance.name);
  }
  if (found.length !== 1) {
    throw new InstanceNotFoundError(
      `request ${requestId} is in the logs of ${found.length === 0 ? 'no instance' : found.join(' and ')}; ` +
        `searched ${instances.map((i) => i.name).join(', ')}`,
    );
  }
  return found[0]!;
}
