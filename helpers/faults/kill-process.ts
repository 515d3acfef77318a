// The guide's `kill -9 <pid>` inside the server container; the container restarts in place.
import type { Instance } from '../targets/target.js';
import { fault } from './fault.js';

export const killProcess = (instance: Pick<Instance, 'name' | 'node'>) =>
  fault('kill-process', `the server process of ${instance.name} on ${instance.node}`, async (target) => {
    await target.killProcess(instance.name);
  });
