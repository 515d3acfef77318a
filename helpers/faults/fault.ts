// A fault (Jepsen's nemesis): one named constructor per kind of damage, all over this one
// primitive. inject() does the damage; heal() undoes what the target does not undo by itself,
// and must be safe to call even when inject() failed half-way. Neither asserts anything.
import type { StartedTarget } from '../targets/target.js';

export interface Fault {
  readonly name: string;
  /** What is hit, for explanations: "instance app-1 on node-2". */
  readonly detail: string;
  inject(target: StartedTarget): Promise<void>;
  heal(target: StartedTarget): Promise<void>;
}

/** What a scenario holds after injecting: heal once, when the scenario says so. */
export interface Injected {
  heal(): Promise<void>;
}

export function fault(
  name: string,
  detail: string,
  inject: (target: StartedTarget) => Promise<void>,
  heal: (target: StartedTarget) => Promise<void> = async () => {},
): Fault {
  return { name, detail, inject, heal };
}
