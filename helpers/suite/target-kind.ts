// Which target the scenarios run against: the embedded Docker target, or the kind cluster
// (CHAOS_TARGET=kind). Apart from the targets themselves, so that reading it loads nothing.
export type TargetKind = 'local-docker' | 'kind';

export function targetKind(env: NodeJS.ProcessEnv = process.env): TargetKind {
  const kind = env.CHAOS_TARGET ?? 'local-docker';
  if (kind !== 'local-docker' && kind !== 'kind') throw new Error(`CHAOS_TARGET must be local-docker or kind, got ${JSON.stringify(kind)}`);
  return kind;
}
