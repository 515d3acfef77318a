// The guide's "delete a pod": SIGTERM, a grace period, then SIGKILL; the controller replaces it.
import type { Instance } from '../targets/target.js';
import { fault } from './fault.js';

export const deleteInstance = (instance: Pick<Instance, 'name' | 'node'>, options: { gracePeriodMs?: number } = {}) =>
  fault('delete-instance', `instance ${instance.name} on ${instance.node}`, async (target) => {
    await target.deleteInstance(instance.name, options);
  });
