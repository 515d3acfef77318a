// The embedded HA target, built like a testcontainers module:
//   const target = await new LocalTarget().withReplicas(2).withRedis('sentinel').start();
// start() resolves images (building them offline when they cannot be pulled), removes runs whose
// lease expired (once per process), takes the new run's lease, and brings up PostgreSQL and Redis
// (the infrastructure), then the instances and the load balancer (a deployment). The two halves
// are also there apart, startInfrastructure() and startOn(), for deployments that share one
// infrastructure one after another.
import { log } from '../../log/log.js';
import type { AppEndpoints } from '../target.js';
import { removeExpiredRunsOnce, removeRuns } from './cleanup.js';
import { envVar } from '../../suite/environment.js';
import { dockerReachable } from '../../docker/docker-cli.js';
import { AFFINITY_COOKIE, LB_PORT } from '../haproxy-config.js';
import { APP_PROFILES } from './app-profiles.js';
import { ensureImages } from './images.js';
import { startLoadBalancer, startPostgres, startRedisSingle } from './infra.js';
import { newRunId } from '../../docker/labels.js';
import { takeLease, type Lease } from '../../docker/lease.js';
import { ReplicaSet } from './replica-set.js';
import { startSentinelSet } from './sentinel-set.js';
import { createRun } from './run-context.js';
import { StartedLocalTarget } from './started-local-target.js';
import { deploymentKey, infrastructureKey, LocalInfrastructure } from './infrastructure.js';
import { dockerRedis } from './redis-on-docker.js';
import { waitForRedisSettled } from '../redis-topology.js';
import { appLayout, DEFAULT_TOPOLOGY, layoutSummary, MAX_REPLICAS, resolveTopology, validateTopology, type AppName, type TopologyOptions } from '../topology.js';

export class LocalTarget {
  private options: TopologyOptions = { ...DEFAULT_TOPOLOGY };

  /** The application to run; the engine comes with its own layout (ENGINE_LAYOUT), which later options may only restate. */
  withApp(app: AppName) {
    Object.assign(this.options, appLayout(app));
    return this;
  }
  withReplicas(replicas: number) {
    this.options.replicas = replicas;
    return this;
  }
  withNodes(...nodes: string[]) {
    this.options.nodes = nodes;
    return this;
  }
  withPlacement(placement: TopologyOptions['placement']) {
    this.options.placement = placement;
    return this;
  }
  withRedis(redis: TopologyOptions['redis']) {
    this.options.redis = redis;
    if (redis === 'none') this.options.sessions = 'memory';
    return this;
  }
  withDbms(dbms: TopologyOptions['dbms']) {
    this.options.dbms = dbms;
    return this;
  }
  withDbReconnect(reconnect: boolean) {
    this.options.dbReconnect = reconnect;
    return this;
  }
  withSessions(sessions: TopologyOptions['sessions']) {
    this.options.sessions = sessions;
    return this;
  }
  withShutdown(shutdown: TopologyOptions['shutdown']) {
    this.options.shutdown = shutdown;
    return this;
  }
  withLoadBalancer(mode: TopologyOptions['loadBalancer']) {
    this.options.loadBalancer = mode;
    return this;
  }
  withEvictionMs(ms: number) {
    this.options.evictionMs = ms;
    return this;
  }
  withOptions(options: Partial<TopologyOptions>) {
    this.options = resolveTopology(this.options, options);
    return this;
  }

  /** What this layout's infrastructure must be for a deployment of it (infrastructureKey). */
  infrastructureKey(): string {
    return infrastructureKey(validateTopology({ ...this.options }));
  }

  /** The whole layout (deploymentKey): a deployment started for the same can serve this one. */
  layoutKey(): string {
    return deploymentKey(validateTopology({ ...this.options }));
  }

  /** The whole target, on infrastructure of its own that its stop() removes. */
  async start(): Promise<StartedLocalTarget> {
    return this.startOn(await this.startInfrastructure());
  }

  /** The run's lease, networks, PostgreSQL and Redis, for deployments of this layout (startOn). */
  async startInfrastructure(): Promise<LocalInfrastructure> {
    const options = validateTopology({ ...this.options });
    if (!(await dockerReachable())) {
      throw new Error('no Docker engine answers (docker info failed): start dockerd, or see README "Prerequisites"');
    }
    await removeExpiredRunsOnce();
    const images = options.images ?? (await ensureImages());
    const profile = APP_PROFILES[options.app];
    const app = await profile.image(images);
    const runId = newRunId();
    // Before anything else of the run, so that no preflight ever sees the run without it.
    const lease = await takeLease(runId, images.redis);
    log.info(`starting embedded target ${runId}: ${options.app}, redis ${options.redis}`);
    try {
      const ctx = await createRun({ ...images, app }, runId);
      const [postgres, redis, sentinelSet] = await Promise.all([
        startPostgres(ctx, profile.extraDatabases),
        options.redis === 'single' ? startRedisSingle(ctx) : undefined,
        options.redis === 'sentinel' ? startSentinelSet(ctx, options.nodes) : undefined,
      ]);
      const parts = { postgres, redis, redisMembers: sentinelSet?.redisMembers ?? new Map(), sentinels: sentinelSet?.sentinels ?? new Map() };
      // Before any instance connects, and long before a fault: a Sentinel set whose sentinels
      // do not know its replicas yet cannot fail over.
      const deployment = dockerRedis(parts);
      if (deployment) await waitForRedisSettled(deployment);
      return new LocalInfrastructure(infrastructureKey(options), ctx, parts, lease);
    } catch (error) {
      await this.giveUp(lease, runId);
      throw error;
    }
  }

  /**
   * This layout's instances and load balancer on `infra` (which must have this layout's key):
   * the target is ready when every instance is. A failed start takes the infrastructure with it.
   */
  async startOn(infra: LocalInfrastructure): Promise<StartedLocalTarget> {
    const options = validateTopology({ ...this.options });
    if (infra.key !== infrastructureKey(options)) throw new Error(`infrastructure ${infra.key} is not this layout's (${infrastructureKey(options)})`);
    const started = performance.now();
    const profile = APP_PROFILES[options.app];
    const { ctx } = infra;
    let replicaSet: ReplicaSet | undefined;
    log.info(`deploying on ${ctx.runId}: ${layoutSummary(options)}`);
    try {
      let target: StartedLocalTarget | undefined;
      // Two engines installing one empty database at once would race; the first does it alone.
      const first = profile.installsSchema ? 1 : options.replicas;
      // An instance leaving before the target exists (a crash while the load balancer starts) has no logs worth keeping yet.
      replicaSet = new ReplicaSet(ctx, options, first, () => infra.nextInstanceName(), async (member) => target?.keepLogs(member));
      // Side by side: instances join the load balancer's network only once they serve. Both
      // settle before a failure is thrown, so that the cleanup finds everything they created.
      const [lbStart, instancesStart] = await Promise.allSettled([
        startLoadBalancer(ctx, { mode: options.loadBalancer, affinity: options.affinity, healthPath: profile.endpoints.healthPath, slots: MAX_REPLICAS }),
        replicaSet.start(),
      ]);
      if (instancesStart.status === 'rejected') throw instancesStart.reason;
      if (lbStart.status === 'rejected') throw lbStart.reason;
      const lb = lbStart.value;
      const endpoints: AppEndpoints = { baseUrl: `http://127.0.0.1:${lb.getMappedPort(LB_PORT)}`, ...profile.endpoints, affinityCookie: AFFINITY_COOKIE };
      target = new StartedLocalTarget(infra, options, lb, replicaSet, endpoints, profile.credentials(ctx), profile.startupTimeoutMs);
      if (first < options.replicas) await replicaSet.scale(options.replicas);
      await target.waitForInstancesReady(options.replicas, { timeoutMs: profile.startupTimeoutMs * 2 });
      log.info(
        `embedded target ready in ${((performance.now() - started) / 1000).toFixed(1)} s at ${endpoints.baseUrl}${endpoints.contextPath}/`,
      );
      return target;
    } catch (error) {
      // Stop the controller first, or it would start instances again behind the cleanup.
      await replicaSet?.stop();
      await this.giveUp(infra.lease, ctx.runId);
      throw error;
    }
  }

  /** After a failed start: the run is kept for inspection (KEEP_ON_FAILURE=1) or removed. */
  private async giveUp(lease: Lease, runId: string) {
    if (envVar('KEEP_ON_FAILURE')) await lease.keep();
    else await lease.releaseAfter(() => removeRuns([runId]));
  }
}
