// The embedded target as tests start it: with the images global setup resolved.
import { inject } from 'vitest';
import { LocalTarget } from '../targets/local-docker/local-target.js';

export function localTarget(): LocalTarget {
  return new LocalTarget().withOptions({ images: inject('images') });
}
