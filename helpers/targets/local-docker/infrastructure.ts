// What an embedded target's deployments stand on: the run (its lease, networks and secrets),
// PostgreSQL and Redis. A deployment (the instances and the load balancer) comes and goes on it;
// the infrastructure can outlive one, so that consecutive scenarios of one layout share it as
// scenarios on a cluster share its database and Redis (helpers/suite/target-pool.ts).
import { log } from '../../log/log.js';
import { dockerApi, runContainers } from '../../docker/docker-api.js';
import { LABELS, type Role } from '../../docker/labels.js';
import type { Lease } from '../../docker/lease.js';
import { findRedisMaster, waitForRedisSettled } from '../redis-topology.js';
import { waitFor } from '../../wait/wait-for.js';
import type { TopologyOptions } from '../topology.js';
import { removeRuns } from './cleanup.js';
import { dockerRedis } from './redis-on-docker.js';
import type { RunContext } from './run-context.js';
import type { LocalParts } from './started-local-target.js';

/** The roles a deployment brings; everything else of the run is infrastructure. */
const DEPLOYMENT_ROLES: Role[] = ['app', 'lb'];
const PUT_BACK_TIMEOUT_MS = 15_000;

export type InfraParts = Omit<LocalParts, 'lb'>;

/** What the infrastructure depends on in a layout: two layouts with the same key can share one. */
export function infrastructureKey(options: TopologyOptions): string {
  return JSON.stringify([options.app, options.redis, options.redis === 'sentinel' ? options.nodes : [], options.images ?? null]);
}

/** The whole layout: a deployment of one key can serve any scenario that asks for the same. */
export function deploymentKey(options: TopologyOptions): string {
  return JSON.stringify(Object.entries(options).sort(([a], [b]) => a.localeCompare(b)));
}

export class LocalInfrastructure {
  private instances = 0;
  private stopped = false;

  constructor(
    readonly key: string,
    readonly ctx: RunContext,
    readonly parts: InfraParts,
    readonly lease: Lease,
  ) {}

  /** Instance names unique over the run, whichever deployment starts them: their logs are kept by name. */
  nextInstanceName(): string {
    return `${this.ctx.runId}-app-${++this.instances}`;
  }

  /** Removes a deployment's instances and load balancer, leaving the infrastructure. */
  async removeDeployment(): Promise<void> {
    const docker = await dockerApi();
    const containers = (await Promise.all(DEPLOYMENT_ROLES.map((role) => runContainers(this.ctx.runId, { [LABELS.role]: role })))).flat();
    await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => {})));
  }

  /**
   * Makes it as a fresh start would leave it, for the next deployment: every container running,
   * PostgreSQL healthy, Redis settled and empty (no session or cached entry of an earlier
   * scenario). Throws, saying what is wrong, when it cannot: the caller starts a fresh one.
   */
  async putBack(): Promise<void> {
    const docker = await dockerApi();
    const infra = (await runContainers(this.ctx.runId)).filter((c) => !DEPLOYMENT_ROLES.includes(c.Labels[LABELS.role] as Role) && c.Labels[LABELS.role] !== 'lease');
    const notRunning = infra.filter((c) => c.State !== 'running').map((c) => `${c.Names[0]?.slice(1)} ${c.State}`);
    if (notRunning.length > 0) throw new Error(`not running: ${notRunning.join(', ')}`);
    await waitFor('PostgreSQL healthy', async () => {
      const health = (await docker.getContainer(this.parts.postgres.getId()).inspect()).State.Health?.Status;
      return { done: health === 'healthy', state: health ?? 'no health check' };
    }, { timeoutMs: PUT_BACK_TIMEOUT_MS });
    const redis = dockerRedis(this.parts);
    if (redis) {
      await waitForRedisSettled(redis, { timeoutMs: PUT_BACK_TIMEOUT_MS });
      const flushed = await (await findRedisMaster(redis)).redisCli(['FLUSHALL']);
      if (flushed.exitCode !== 0 || !/OK/.test(flushed.output)) throw new Error(`FLUSHALL on the Redis master answered: ${flushed.output.trim()}`);
    }
  }

  /** Removes the whole run and ends its lease. Idempotent. */
  async stop(): Promise<string[]> {
    if (this.stopped) return [];
    this.stopped = true;
    const removed = await this.lease.releaseAfter(() => removeRuns([this.ctx.runId]));
    log.info(`embedded target ${this.ctx.runId} stopped (${removed.length} resources removed)`);
    return removed;
  }
}
