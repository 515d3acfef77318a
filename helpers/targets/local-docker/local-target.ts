// The embedded HA target, built like a testcontainers module:
//   const target = await new LocalTarget().withReplicas(2).withRedis('sentinel').start();
// start() resolves images (building them offline when they cannot be pulled), removes runs whose
// lease expired (once per process), takes the new run's lease, and brings up PostgreSQL, Redis,
// the instances and the load balancer.
import { log } from '../../log/log.js';
import type { AppEndpoints } from '../target.js';
import { removeExpiredRunsOnce, removeRuns } from './cleanup.js';
import { envVar } from '../../suite/environment.js';
import { dockerReachable } from '../../docker/docker-cli.js';
import { AFFINITY_COOKIE, LB_PORT } from '../haproxy-config.js';
import { APP_PROFILES, type LocalAppProfile } from './app-profiles.js';
import { ensureImages } from './images.js';
import { startLoadBalancer, startPostgres, startRedisSingle } from './infra.js';
import { newRunId } from '../../docker/labels.js';
import { takeLease } from '../../docker/lease.js';
import { ReplicaSet } from './replica-set.js';
import { startSentinelSet } from './sentinel-set.js';
import { createRun, type RunContext } from './run-context.js';
import { StartedLocalTarget, type LocalParts } from './started-local-target.js';
import { appLayout, DEFAULT_TOPOLOGY, MAX_REPLICAS, resolveTopology, validateTopology, type AppName, type TopologyOptions } from '../topology.js';

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

  async start(): Promise<StartedLocalTarget> {
    const options = validateTopology({ ...this.options });
    if (!(await dockerReachable())) {
      throw new Error('no Docker engine answers (docker info failed): start dockerd, or see README "Prerequisites"');
    }
    await removeExpiredRunsOnce();
    const started = performance.now();
    const images = options.images ?? (await ensureImages());
    const profile = APP_PROFILES[options.app];
    const app = await profile.image(images);
    const runId = newRunId();
    // Before anything else of the run, so that no preflight ever sees the run without it.
    const lease = await takeLease(runId, images.redis);
    let replicaSet: ReplicaSet | undefined;
    log.info(`starting embedded target ${runId}: ${options.app}, ${options.replicas} instance(s), redis ${options.redis}, ${options.dbms}`);
    try {
      const ctx = await createRun({ ...images, app }, runId);
      const parts = await this.startInfra(ctx, options, profile);
      let target: StartedLocalTarget | undefined;
      // Two engines installing one empty database at once would race; the first does it alone.
      const first = profile.installsSchema ? 1 : options.replicas;
      replicaSet = new ReplicaSet(ctx, options, first, (member) => target!.keepLogs(member));
      const lbPort = parts.lb.getMappedPort(LB_PORT);
      const endpoints: AppEndpoints = { baseUrl: `http://127.0.0.1:${lbPort}`, ...profile.endpoints, affinityCookie: AFFINITY_COOKIE };
      target = new StartedLocalTarget(ctx, options, parts, replicaSet, lease, endpoints, profile.credentials(ctx), profile.startupTimeoutMs);
      // Before any instance connects, and long before a fault: a Sentinel set whose sentinels
      // do not know its replicas yet cannot fail over.
      await target.waitForRedisSettled();
      await replicaSet.start();
      if (first < options.replicas) await replicaSet.scale(options.replicas);
      await target.waitForInstancesReady(options.replicas, { timeoutMs: profile.startupTimeoutMs * 2 });
      log.info(
        `embedded target ready in ${((performance.now() - started) / 1000).toFixed(1)} s at ${endpoints.baseUrl}${endpoints.contextPath}/`,
      );
      return target;
    } catch (error) {
      // Stop the controller first, or it would start instances again behind the cleanup.
      await replicaSet?.stop();
      if (envVar('KEEP_ON_FAILURE')) await lease.keep();
      else await lease.releaseAfter(() => removeRuns([runId]));
      throw error;
    }
  }

  private async startInfra(ctx: RunContext, options: TopologyOptions, profile: LocalAppProfile): Promise<LocalParts> {
    const [postgres, redis, sentinelSet] = await Promise.all([
      startPostgres(ctx, profile.extraDatabases),
      options.redis === 'single' ? startRedisSingle(ctx) : undefined,
      options.redis === 'sentinel' ? startSentinelSet(ctx, options.nodes) : undefined,
    ]);
    const lb = await startLoadBalancer(ctx, { mode: options.loadBalancer, affinity: options.affinity, healthPath: profile.endpoints.healthPath, slots: MAX_REPLICAS });
    return { postgres, redis, redisMembers: sentinelSet?.redisMembers ?? new Map(), sentinels: sentinelSet?.sentinels ?? new Map(), lb };
  }
}
