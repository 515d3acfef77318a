// The Deployment controller's job for the embedded target: keep `desired` instances, place
// them on live nodes, replace deleted ones at once, crashed-for-good ones after a moment and
// those on a dead node after the eviction delay. A crashed process is restarted in place by
// Docker's restart policy, as the kubelet does.
import type { StartedTestContainer } from 'testcontainers';
import { log } from '../../log/log.js';
import { startAppInstance } from './app-instance.js';
import { dockerApi } from '../../docker/docker-api.js';
import type { RunContext } from './run-context.js';
import type { TopologyOptions } from '../topology.js';

const TICK_MS = 500;
/** An instance exited (and not restarted by Docker) for this long is replaced. */
const EXITED_REPLACE_MS = 3_000;
const START_RETRY_MS = 2_000;

export interface Member {
  name: string;
  node: string;
  container?: StartedTestContainer;
  exitedSince?: number;
}

export class ReplicaSet {
  private readonly members = new Map<string, Member>();
  private readonly terminating = new Map<string, Member>();
  private readonly deadNodes = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private lastStartFailure = 0;
  /** Why the last instance failed to start, for progress and timeout messages. */
  lastStartError?: string;
  private busy = false;
  private stopped = false;
  /** Instance starts in progress, so that stop() can wait for them rather than leak their containers. */
  private readonly starting = new Set<Promise<void>>();

  constructor(
    private readonly ctx: RunContext,
    private readonly options: TopologyOptions,
    private desired: number,
    /** A new instance's name, unique over the run. */
    private readonly nextName: () => string,
    /** Called before a container is removed, to keep its logs. */
    private readonly beforeRemove: (member: Member) => Promise<void>,
  ) {}

  get replicas() {
    return this.desired;
  }

  current(): Member[] {
    return [...this.members.values()];
  }

  leaving(): Member[] {
    return [...this.terminating.values()];
  }

  isNodeDead(node: string) {
    return this.deadNodes.has(node);
  }

  /** Starts the initial instances; throws if one cannot start. */
  async start() {
    await this.reconcile();
    if (this.lastStartError) throw new Error(`an instance failed to start: ${this.lastStartError}`);
    this.timer = setInterval(() => void this.tick(), TICK_MS);
  }

  async scale(replicas: number) {
    this.desired = replicas;
    await this.reconcile();
  }

  /** Deletes one instance as `kubectl delete pod` does: the replacement is created at once. */
  async remove(name: string, gracePeriodMs: number) {
    const member = this.members.get(name);
    if (!member) throw new Error(`no instance named ${name}; instances: ${[...this.members.keys()].join(', ') || 'none'}`);
    this.members.delete(name);
    this.terminating.set(name, member);
    const replacement = this.reconcile();
    try {
      // testcontainers takes milliseconds but truncates them to whole seconds; round up, as kubectl does.
      await member.container?.stop({ timeout: Math.ceil(gracePeriodMs / 1000) * 1000, remove: false });
      await this.beforeRemove(member);
      await (await dockerApi()).getContainer(name).remove({ force: true }).catch(() => {});
    } finally {
      this.terminating.delete(name);
      await Promise.allSettled([replacement]);
    }
  }

  nodeDied(node: string) {
    this.deadNodes.set(node, performance.now());
  }

  nodeRestored(node: string) {
    this.deadNodes.delete(node);
  }

  /** Stops replacing instances; resolves once starts in progress have settled. */
  async stop() {
    this.stopped = true;
    clearInterval(this.timer);
    await Promise.allSettled([...this.starting]);
  }

  private pickNode(): string {
    const live = this.options.nodes.filter((n) => !this.deadNodes.has(n));
    if (live.length === 0) throw new Error(`no live node to place an instance on (dead: ${[...this.deadNodes.keys()].join(', ')})`);
    if (this.options.placement === 'single-node') return live[0]!;
    const load = (node: string) => this.current().filter((m) => m.node === node).length;
    return live.reduce((best, node) => (load(node) < load(best) ? node : best));
  }

  /** Starts or removes instances until there are `desired`; never throws (start failures are retried by tick). */
  private async reconcile(): Promise<void> {
    const starts: Promise<void>[] = [];
    while (!this.stopped && this.members.size < this.desired) {
      const name = this.nextName();
      const member: Member = { name, node: this.pickNode() };
      this.members.set(name, member);
      const start = startAppInstance(this.ctx, this.options, name, member.node).then(
          async (container) => {
            member.container = container;
            // Started after stop(): nobody will remove it otherwise.
            if (this.stopped) await container.stop({ remove: true }).catch(() => {});
          },
          (error: Error) => {
            this.members.delete(name);
            if (this.stopped) return;
            this.lastStartFailure = performance.now();
            this.lastStartError = `${name}: ${error.message}`;
            log.warn(`instance ${name} failed to start: ${error.message}`);
          },
        );
      this.starting.add(start);
      void start.finally(() => this.starting.delete(start));
      starts.push(start);
    }
    const extra = this.current().slice(this.desired);
    const removals = extra.map((m) =>
      this.remove(m.name, this.options.gracePeriodMs).catch((error: Error) => log.warn(`removing ${m.name}: ${error.message}`)),
    );
    await Promise.all([...starts, ...removals]);
  }

  private async tick() {
    if (this.busy || this.stopped) return;
    this.busy = true;
    try {
      await this.reconcileOnce();
    } catch (error) {
      // Nowhere to place an instance (every node dead) is a state to report, not a crash.
      log.warn(`controller: ${(error as Error).message}`);
    } finally {
      this.busy = false;
    }
  }

  /** One look at the members: evict those on dead nodes or exited for good, then top up. */
  private async reconcileOnce() {
    const now = performance.now();
    const docker = await dockerApi();
    for (const member of this.current()) {
      const diedAt = this.deadNodes.get(member.node);
      if (diedAt !== undefined) {
        if (now - diedAt >= this.options.evictionMs) await this.evict(member, 'its node is dead');
        continue;
      }
      if (!member.container) continue;
      const state = await docker.getContainer(member.name).inspect().then((i) => i.State, () => undefined);
      if (state && (state.Running || state.Restarting)) {
        member.exitedSince = undefined;
      } else {
        member.exitedSince ??= now;
        if (now - member.exitedSince >= EXITED_REPLACE_MS) await this.evict(member, `it exited (${state?.Status ?? 'gone'})`);
      }
    }
    if (this.members.size < this.desired && now - this.lastStartFailure >= START_RETRY_MS) await this.reconcile();
  }

  private async evict(member: Member, why: string) {
    log.info(`replacing instance ${member.name} on ${member.node}: ${why}`);
    this.members.delete(member.name);
    await this.beforeRemove(member).catch(() => {});
    await (await dockerApi()).getContainer(member.name).remove({ force: true }).catch(() => {});
  }
}
