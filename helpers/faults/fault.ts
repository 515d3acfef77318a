// A fault (Jepsen's nemesis): one named constructor per kind of damage, all over this one
// primitive. inject() does the damage and says what it hit; heal() undoes what the target
// does not undo by itself. Neither asserts anything.
import type { StartedTarget } from '../targets/target.js';

export interface Injected {
  heal(): Promise<void>;
}

export interface Fault {
  readonly name: string;
  /** What is hit, for explanations: "instance app-1 on node-2". */
  readonly detail: string;
  inject(target: StartedTarget): Promise<Injected>;
}

const nothingToHeal: Injected = { heal: async () => {} };

export function fault(name: string, detail: string, inject: (target: StartedTarget) => Promise<Injected | void>): Fault {
  return { name, detail, inject: async (target) => (await inject(target)) ?? nothingToHeal };
}
