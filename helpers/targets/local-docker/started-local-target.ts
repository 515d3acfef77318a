// The running embedded target: what a scenario may do to it (the Target interface) and the
// few things only a local Docker deployment can do (pause a role, for calibration).
import { mkdir, writeFile } from 'node:fs/promises';
import type { StartedPostgreSqlContainer } from '@testcontainers/postgresql';
import type { StartedTestContainer } from 'testcontainers';
import { request } from 'undici';
import { log } from '../../log/log.js';
import { redact } from '../../log/redact.js';
import { REPORTS_DIR } from '../../paths.js';
import { waitFor } from '../../wait/wait-for.js';
import type {
  AppCredentials,
  AppEndpoints,
  Instance,
  LogLine,
  NodeStatus,
  StartedTarget,
  TargetDescription,
} from '../target.js';
import { LIST_PROCESSES_SCRIPT, pickProcess, summarizeProcesses } from '../process-lookup.js';
import { containerLogs, containerName, dockerApi, runContainers } from '../../docker/docker-api.js';
import { APP_PORT, LB_PORT } from '../haproxy-config.js';
import { loadBalancerServers } from './lb-stats.js';
import { runtimeCommand } from './lb-runtime-api.js';
import { LABELS, type Role } from '../../docker/labels.js';
import { deploymentKey, type LocalInfrastructure } from './infrastructure.js';
import { findRedisMaster, redisRoles, waitForRedisSettled } from '../redis-topology.js';
import { dockerRedis, dockerRedisLogs, redisContainer, type RedisParts } from './redis-on-docker.js';
import { restoreSentinelSetOnNode } from './sentinel-set.js';
import type { Member, ReplicaSet } from './replica-set.js';
import type { RunContext } from './run-context.js';
import { layoutSummary, MAX_REPLICAS, type TopologyOptions } from '../topology.js';

const HEALTH_TIMEOUT_MS = 1_000;
/** How long a deployment put back for the next scenario may take to have every instance ready again. */
const PUT_BACK_READY_MS = 10_000;

export interface LocalParts extends RedisParts {
  postgres: StartedPostgreSqlContainer;
  lb: StartedTestContainer;
}

function parseLogLine(instance: string, raw: string): LogLine {
  try {
    const parsed = JSON.parse(raw) as { ts?: string };
    return { time: parsed.ts ?? '', instance, text: raw };
  } catch {
    return { time: '', instance, text: raw };
  }
}

export class StartedLocalTarget implements StartedTarget {
  readonly description: TargetDescription;
  /** The layout this deployment was started for (deploymentKey). */
  readonly layoutKey: string;
  private readonly savedLogs = new Map<string, LogLine[]>();
  private readonly logsDir: string;
  /** Addresses the load balancer routed to at the last look, for progress and error messages. */
  private lastServing = new Set<string>();

  private readonly ctx: RunContext;
  private readonly parts: LocalParts;

  constructor(
    /** What the target stands on; stopDeployment() leaves it for the next deployment. */
    readonly infrastructure: LocalInfrastructure,
    private readonly options: TopologyOptions,
    lb: StartedTestContainer,
    private readonly replicaSet: ReplicaSet,
    readonly endpoints: AppEndpoints,
    readonly credentials: AppCredentials,
    readonly startupTimeoutMs: number,
  ) {
    const { ctx } = infrastructure;
    this.ctx = ctx;
    this.parts = { ...infrastructure.parts, lb };
    this.description = {
      kind: 'local-docker',
      runId: ctx.runId,
      context: 'docker',
      namespace: ctx.network,
      summary: layoutSummary(options),
    };
    this.logsDir = `${REPORTS_DIR}/logs/${ctx.runId}`;
    this.layoutKey = deploymentKey(options);
  }

  /** Keeps a leaving instance's logs, as `kubectl logs --previous` would, and writes them as evidence. */
  async keepLogs(member: Member) {
    try {
      const lines = (await containerLogs(member.name)).map((raw) => parseLogLine(member.name, raw));
      this.savedLogs.set(member.name, lines);
      await mkdir(this.logsDir, { recursive: true });
      await writeFile(`${this.logsDir}/${member.name}.log`, lines.map((l) => redact(l.text)).join('\n'));
    } catch (error) {
      log.warn(`could not keep the logs of ${member.name}: ${(error as Error).message}`);
    }
  }

  desiredReplicas() {
    return this.replicaSet.replicas;
  }

  private async health(address: string | undefined): Promise<boolean> {
    if (!address) return false;
    try {
      const res = await request(`http://${address}:${APP_PORT}${this.endpoints.healthPath}`, {
        headersTimeout: HEALTH_TIMEOUT_MS,
        bodyTimeout: HEALTH_TIMEOUT_MS,
      });
      await res.body.dump();
      return res.statusCode === 200;
    } catch {
      return false;
    }
  }

  /** A container's address on the run's network (or another of its networks). */
  async address(name: string, network = this.ctx.network): Promise<string | undefined> {
    const info = await (await dockerApi()).getContainer(name).inspect().catch(() => undefined);
    return info?.NetworkSettings.Networks[network]?.IPAddress || undefined;
  }

  /** Addresses of the instances the load balancer currently sends traffic to. */
  private async servingAddresses(): Promise<Set<string>> {
    const lb = await this.address(this.parts.lb.getId(), this.ctx.serviceNetwork);
    if (!lb) return new Set();
    const servers = await loadBalancerServers(lb).catch(() => []);
    return new Set(servers.filter((s) => s.status === 'UP' || s.status === 'no check').map((s) => s.address));
  }

  /** An instance is ready when it answers its health check and the load balancer routes to it. */
  async instances(): Promise<Instance[]> {
    const docker = await dockerApi();
    const serving = await this.servingAddresses();
    this.lastServing = serving;
    const describe = async (member: Member, leaving: boolean): Promise<Instance> => {
      const info = member.container ? await docker.getContainer(member.name).inspect().catch(() => undefined) : undefined;
      const running = info?.State.Running === true && !this.replicaSet.isNodeDead(member.node);
      const address = info?.NetworkSettings.Networks[this.ctx.network]?.IPAddress;
      const serviceAddress = info?.NetworkSettings.Networks[this.ctx.serviceNetwork]?.IPAddress;
      const phase: Instance['phase'] = leaving ? 'Terminating' : !member.container ? 'Pending' : info?.State.Running || info?.State.Restarting ? 'Running' : 'Failed';
      return {
        name: member.name,
        node: member.node,
        phase,
        ready: running && !leaving && !!serviceAddress && serving.has(serviceAddress) && (await this.health(address)),
        restarts: info?.RestartCount ?? 0,
      };
    };
    return Promise.all([
      ...this.replicaSet.current().map((m) => describe(m, false)),
      ...this.replicaSet.leaving().map((m) => describe(m, true)),
    ]);
  }

  async nodes(): Promise<NodeStatus[]> {
    return this.options.nodes.map((name) => ({ name, ready: !this.replicaSet.isNodeDead(name) }));
  }

  async scale(replicas: number) {
    log.info(`scaling to ${replicas} instance(s)`);
    await this.replicaSet.scale(replicas);
  }

  waitForInstancesReady(count: number, options: { timeoutMs?: number; signal?: AbortSignal } = {}) {
    return waitFor(
      `${count} ready instance(s)`,
      async () => {
        const all = await this.instances();
        const ready = all.filter((i) => i.ready);
        return {
          done: ready.length >= count,
          state: `${ready.length}/${count} ready (load balancer routes to ${this.lastServing.size}): ${all
            .map((i) => `${i.name}@${i.node} ${i.phase}${i.ready ? ' ready' : ''}`)
            .join(', ')}${this.replicaSet.lastStartError ? `; last start failure: ${this.replicaSet.lastStartError}` : ''}`,
          value: ready,
        };
      },
      { timeoutMs: options.timeoutMs ?? 90_000, signal: options.signal },
    );
  }

  async deleteInstance(name: string, options: { gracePeriodMs?: number } = {}) {
    await this.replicaSet.remove(name, options.gracePeriodMs ?? this.options.gracePeriodMs);
  }

  private member(name: string): Member {
    const member = this.replicaSet.current().find((m) => m.name === name);
    if (!member?.container) {
      throw new Error(`no running instance named ${name}; instances: ${this.replicaSet.current().map((m) => m.name).join(', ')}`);
    }
    return member;
  }

  async killProcess(name: string) {
    const container = this.member(name).container!;
    const listing = await container.exec(['sh', '-c', LIST_PROCESSES_SCRIPT]);
    const app = pickProcess(listing.output, /\b(node|java)\b/);
    if (!app || app.pid === 1) throw new Error(`no application process besides PID 1 in ${name}; processes: ${summarizeProcesses(listing.output)}`);
    // The shell's kill builtin: slim images have no /bin/kill.
    const kill = await container.exec(['sh', '-c', `kill -9 ${app.pid}`]);
    if (kill.exitCode !== 0) throw new Error(`kill -9 ${app.pid} in ${name} failed: ${kill.output.trim()}`);
    return { pid: app.pid };
  }

  async terminateNode(node: string) {
    if (!this.options.nodes.includes(node)) throw new Error(`no node named ${node}; nodes: ${this.options.nodes.join(', ')}`);
    const docker = await dockerApi();
    const victims = (await runContainers(this.ctx.runId, { [LABELS.node]: node })).filter((c) => c.State === 'running');
    this.replicaSet.nodeDied(node);
    // All at once, as a power cut: SIGKILL, and Docker does not restart what it was told to kill.
    await Promise.all(victims.map((c) => docker.getContainer(c.Id).kill({ signal: 'SIGKILL' }).catch(() => {})));
    log.info(`node ${node} terminated: ${victims.map(containerName).join(', ') || 'nothing was running there'}`);
  }

  async restoreNode(node: string) {
    this.replicaSet.nodeRestored(node);
    await restoreSentinelSetOnNode(this.ctx, this.parts, node);
    log.info(`node ${node} restored`);
  }

  private redis() {
    const redis = dockerRedis(this.parts);
    if (!redis) throw new Error('this target runs without Redis (redis: none)');
    return redis;
  }

  /** The Redis master: the single node, or whichever member the sentinels name. */
  async redisMaster() {
    const { name, node } = await findRedisMaster(this.redis());
    return { name, node };
  }

  async killRedisMaster() {
    const { name, container } = await findRedisMaster(this.redis());
    await (await dockerApi()).getContainer(container.getId()).kill({ signal: 'SIGKILL' });
    log.info(`redis master ${name} killed`);
    return { name };
  }

  async restoreRedis(name: string) {
    await (await dockerApi()).getContainer(redisContainer(this.parts, name).getId()).start();
    log.info(`redis ${name} started again`);
  }

  async redisRoles(): Promise<Record<string, string>> {
    const redis = dockerRedis(this.parts);
    return redis ? redisRoles(redis) : {};
  }

  async waitForRedisSettled(options: { timeoutMs?: number; signal?: AbortSignal } = {}) {
    const redis = dockerRedis(this.parts);
    if (redis) await waitForRedisSettled(redis, options);
  }

  redisLogs() {
    return dockerRedisLogs(this.parts);
  }

  async restartDatabase() {
    log.info('restarting PostgreSQL');
    await this.parts.postgres.restart({ timeout: 10_000 });
  }

  async logs(name: string): Promise<LogLine[]> {
    const live = this.replicaSet.current().concat(this.replicaSet.leaving()).some((m) => m.name === name);
    if (live) return (await containerLogs(name)).map((raw) => parseLogLine(name, raw));
    const saved = this.savedLogs.get(name);
    if (!saved) throw new Error(`no logs for ${name}: it is not an instance of run ${this.ctx.runId}`);
    return saved;
  }

  async instanceUrl(name: string) {
    const address = await this.address(name);
    if (!address) throw new Error(`instance ${name} has no address on ${this.ctx.network}`);
    return `http://${address}:${APP_PORT}`;
  }

  /** The load balancer at its container address, without Docker's userland port proxy in between. */
  async loadBalancerUrl(): Promise<string> {
    const address = await this.address(this.parts.lb.getId(), this.ctx.serviceNetwork);
    if (!address) throw new Error(`the load balancer has no address on ${this.ctx.serviceNetwork}`);
    return `http://${address}:${LB_PORT}`;
  }

  /**
   * Takes every instance out of the load balancer at once (HAProxy maintenance): users get 503
   * "no server available" on new and open connections alike, until putBack(). One runtime-API
   * round trip each way, so the blackout's edges are sharp to the millisecond.
   */
  async takeBackendsOut(): Promise<{ putBack: () => Promise<void> }> {
    const address = new URL(await this.loadBalancerUrl()).hostname;
    const all = (state: string) =>
      Array.from({ length: MAX_REPLICAS }, (_, i) => `set server app/app${i + 1} state ${state}`).join('; ');
    const command = async (line: string) => {
      const answer = await runtimeCommand(address, line);
      if (answer !== '') throw new Error(`HAProxy's runtime API answered: ${answer}`);
    };
    await command(all('maint'));
    return { putBack: () => command(all('ready')) };
  }

  /** Freezes every container of a role (a stall: connections open, nothing answers); returns how to thaw. */
  async pause(role: Role): Promise<{ unpause: () => Promise<void> }> {
    const docker = await dockerApi();
    const targets = (await runContainers(this.ctx.runId, { [LABELS.role]: role })).filter((c) => c.State === 'running');
    await Promise.all(targets.map((c) => docker.getContainer(c.Id).pause()));
    return { unpause: async () => void (await Promise.all(targets.map((c) => docker.getContainer(c.Id).unpause()))) };
  }

  /** Removes the instances (their logs kept) and the load balancer; the infrastructure stays. */
  async stopDeployment() {
    await this.stopInstances();
    await this.infrastructure.removeDeployment();
  }

  /**
   * Makes the deployment as its start left it, for the next scenario of its layout: the layout's
   * instance count, every instance ready (answering, routed to) and none leaving, every node up,
   * the load balancer running, and the infrastructure put back. Throws, saying what is not so:
   * the caller deploys afresh.
   */
  async putBack() {
    const problems: string[] = [];
    if (this.replicaSet.replicas !== this.options.replicas) problems.push(`scaled to ${this.replicaSet.replicas} instances, the layout has ${this.options.replicas}`);
    const down = this.options.nodes.filter((n) => this.replicaSet.isNodeDead(n));
    if (down.length > 0) problems.push(`node(s) down: ${down.join(', ')}`);
    const leaving = this.replicaSet.leaving().map((m) => m.name);
    if (leaving.length > 0) problems.push(`still leaving: ${leaving.join(', ')}`);
    const lb = (await (await dockerApi()).getContainer(this.parts.lb.getId()).inspect().catch(() => undefined))?.State;
    if (!lb?.Running || lb.Paused) problems.push(`the load balancer is ${lb ? lb.Status : 'gone'}`);
    if (problems.length > 0) throw new Error(problems.join('; '));
    await this.waitForInstancesReady(this.options.replicas, { timeoutMs: PUT_BACK_READY_MS });
    const extra = this.replicaSet.current().length - this.options.replicas;
    if (extra > 0) throw new Error(`${extra} instance(s) more than the layout's ${this.options.replicas}`);
    await this.infrastructure.putBack();
  }

  async stop() {
    await this.stopInstances();
    await this.infrastructure.stop();
  }

  private async stopInstances() {
    await this.replicaSet.stop();
    await Promise.all(this.replicaSet.current().map((m) => this.keepLogs(m)));
  }

  /** Leaves the target up after this process (KEEP_ON_FAILURE=1): preflights leave it until `target:down`. */
  async keep() {
    await this.infrastructure.lease.keep();
  }
}
