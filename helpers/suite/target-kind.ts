// Which target the scenarios run against: the embedded Docker target, or the kind cluster
// (CHAOS_TARGET=kind). Apart from the targets themselves, so that reading it loads nothing
// but the environment's schema.
import { envVar } from './environment.js';

export type TargetKind = 'local-docker' | 'kind';

export function targetKind(env: NodeJS.ProcessEnv = process.env): TargetKind {
  return envVar('CHAOS_TARGET', env);
}
