// A running application on a Kubernetes cluster, driven through @kubernetes/client-node with
// the same interface as the embedded target, so the scenarios are the same files for both.
import { AppsV1Api, CoreV1Api, CustomObjectsApi, NetworkingV1Api, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { log } from '../../log/log.js';
import { envVar } from '../../suite/environment.js';
import type { AppCredentials, AppEndpoints, Instance, LogLine, NodeStatus, StartedTarget, TargetDescription } from '../target.js';
import { killKindNode, containerInitPid, killOnNode, startKindNode } from './kind-node.js';
import { NODE_TIMEOUT_MS, setUnschedulable } from './node-faults.js';
import { LIST_PROCESSES_SCRIPT, pickProcess, summarizeProcesses } from '../process-lookup.js';
import { execInPod } from './pod-exec.js';
import { forwardPort } from './port-forward.js';
import type { Profile } from './profiles.js';
import { findRedisMaster, redisRoles, waitForRedisSettled } from '../redis-topology.js';
import { kubernetesRedis, kubernetesRedisLogs, SINGLE_REDIS } from './redis-on-kubernetes.js';
import type { TopologyOptions } from '../topology.js';
import { configureTopology, scaleDeployment } from './topology-on-kubernetes.js';
import { isNodeReady, isPodReady, waitForNodeNotReady, waitForNodeReady, waitForPodGone, waitForPodsRunningReady } from './wait-for-kube.js';

export interface KubernetesSettings {
  kc: KubeConfig;
  context: string;
  namespace: string;
  profile: Profile;
  ingressUrl: string;
  /** kind: nodes are Docker containers; drain: cordon and evict, for clusters whose nodes cannot be killed from here. */
  nodeFaults: 'kind' | 'drain';
  credentials: AppCredentials;
  replicas: number;
}

export class StartedKubernetesTarget implements StartedTarget {
  readonly description: TargetDescription;
  readonly endpoints: AppEndpoints;
  readonly credentials: AppCredentials;
  readonly startupTimeoutMs: number;
  private readonly core: CoreV1Api;
  private readonly apps: AppsV1Api;
  private readonly custom: CustomObjectsApi;
  private readonly networking: NetworkingV1Api;
  private readonly savedLogs = new Map<string, LogLine[]>();
  private readonly forwards = new Map<string, { url: string; close: () => Promise<void> }>();
  private replicas: number;

  constructor(private readonly s: KubernetesSettings) {
    this.core = s.kc.makeApiClient(CoreV1Api);
    this.apps = s.kc.makeApiClient(AppsV1Api);
    this.custom = s.kc.makeApiClient(CustomObjectsApi);
    this.networking = s.kc.makeApiClient(NetworkingV1Api);
    this.credentials = s.credentials;
    this.startupTimeoutMs = s.profile.startupTimeoutMs;
    this.replicas = s.replicas;
    const p = s.profile;
    this.description = {
      kind: 'kubernetes',
      runId: `${s.context}/${s.namespace}`,
      context: s.context,
      namespace: s.namespace,
      summary: `${p.name} profile, ${p.customResource ? `EntandoApp ${p.customResource.name}` : `Deployment ${p.deployment}`} in ${s.namespace} on ${s.context}`,
    };
    this.endpoints = {
      baseUrl: s.ingressUrl,
      contextPath: p.contextPath,
      healthPath: p.healthPath,
      tokenPath: p.tokenPath,
      loginPath: p.loginPath,
      tokenGrant: p.tokenGrant,
      guestReads: p.guestReads,
      renderMarker: envVar('CHAOS_RENDER_MARKER') ?? p.renderMarker,
      sessionMarker: envVar('CHAOS_SESSION_MARKER') ?? p.sessionMarker,
      browserMarker: envVar('CHAOS_BROWSER_MARKER') ?? p.browserMarker,
      affinityCookie: 'ROUTE',
    };
  }

  private get ns() {
    return this.s.namespace;
  }

  desiredReplicas() {
    return this.replicas;
  }

  private pods(selector = this.s.profile.selector): Promise<V1Pod[]> {
    return this.core.listNamespacedPod({ namespace: this.ns, labelSelector: selector }).then((list) => list.items);
  }

  async instances(): Promise<Instance[]> {
    return (await this.pods()).map((pod) => ({
      name: pod.metadata!.name!,
      node: pod.spec?.nodeName ?? '',
      phase: pod.metadata?.deletionTimestamp ? 'Terminating' : pod.status?.phase === 'Running' ? 'Running' : pod.status?.phase === 'Failed' ? 'Failed' : 'Pending',
      ready: isPodReady(pod),
      restarts: pod.status?.containerStatuses?.find((c) => c.name === this.s.profile.container)?.restartCount ?? 0,
    }));
  }

  async nodes(): Promise<NodeStatus[]> {
    return (await this.core.listNode()).items.map((node) => ({ name: node.metadata!.name!, ready: isNodeReady(node) }));
  }

  async scale(replicas: number) {
    const p = this.s.profile;
    if (p.customResource) {
      // The operator owns the Deployment and would reset a scaled Deployment to spec.replicas.
      const { group, version, plural, name } = p.customResource;
      const app = (await this.custom.getNamespacedCustomObject({ group, version, namespace: this.ns, plural, name })) as { spec: { replicas: number } };
      app.spec.replicas = replicas;
      await this.custom.replaceNamespacedCustomObject({ group, version, namespace: this.ns, plural, name, body: app });
    } else {
      await scaleDeployment(this.apps, this.ns, p.deployment, replicas);
    }
    this.replicas = replicas;
    log.info(`scaled ${p.customResource?.name ?? p.deployment} to ${replicas}`);
  }

  /**
   * Reconfigures the application for a scenario's topology (the non-HA switches, placement,
   * eviction delay, affinity and assets, replicas) and returns how to put it back as it was.
   */
  configure(topology: Partial<TopologyOptions>): Promise<() => Promise<void>> {
    return configureTopology(
      {
        core: this.core,
        apps: this.apps,
        networking: this.networking,
        namespace: this.ns,
        profile: this.s.profile,
        replicas: () => this.replicas,
        scale: (replicas) => this.scale(replicas),
        waitForSettled: () => this.waitForSettled(),
      },
      topology,
    );
  }

  /** The scenario's layout, whatever ran before: exactly the desired pods ready, every Redis in its role. */
  private async waitForSettled() {
    await waitForPodsRunningReady(this.core, this.ns, this.s.profile.selector, this.replicas, { timeoutMs: 600_000, exact: true });
    await this.waitForRedisSettled();
  }

  async waitForInstancesReady(count: number, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<Instance[]> {
    const ready = await waitForPodsRunningReady(this.core, this.ns, this.s.profile.selector, count, { timeoutMs: options.timeoutMs ?? 600_000, signal: options.signal });
    const names = new Set(ready.map((p) => p.metadata!.name));
    return (await this.instances()).filter((i) => names.has(i.name));
  }

  private async keepLogs(name: string) {
    try {
      this.savedLogs.set(name, await this.logs(name));
    } catch (error) {
      log.warn(`could not keep the logs of ${name}: ${(error as Error).message}`);
    }
  }

  async deleteInstance(name: string, options: { gracePeriodMs?: number } = {}) {
    await this.keepLogs(name);
    const gracePeriodSeconds = Math.ceil((options.gracePeriodMs ?? 30_000) / 1000);
    await this.core.deleteNamespacedPod({ name, namespace: this.ns, gracePeriodSeconds });
    await waitForPodGone(this.core, this.ns, name, { timeoutMs: (gracePeriodSeconds + 30) * 1000 });
  }

  async killProcess(name: string) {
    const p = this.s.profile;
    const listing = await execInPod(this.s.kc, this.ns, name, p.container, ['sh', '-c', LIST_PROCESSES_SCRIPT]);
    const target = pickProcess(listing.stdout, p.process);
    if (!target) throw new Error(`no process matching ${p.process} in ${name}/${p.container}; found: ${summarizeProcesses(listing.stdout)}`);
    if (target.pid !== 1) {
      const kill = await execInPod(this.s.kc, this.ns, name, p.container, ['sh', '-c', `kill -9 ${target.pid}`]);
      if (kill.exitCode !== 0) throw new Error(`kill -9 ${target.pid} in ${name} failed: ${kill.stderr}`);
      return { pid: target.pid };
    }
    // PID 1 of its namespace cannot be killed from inside: kill it from the node.
    if (this.s.nodeFaults !== 'kind') throw new Error(`${name}'s application is PID 1 and nodes cannot be reached from here (node faults: ${this.s.nodeFaults})`);
    const pod = await this.core.readNamespacedPod({ name, namespace: this.ns });
    const id = pod.status?.containerStatuses?.find((c) => c.name === p.container)?.containerID;
    if (!id || !pod.spec?.nodeName) throw new Error(`${name} has no running ${p.container} container`);
    const hostPid = await containerInitPid(pod.spec.nodeName, id);
    await killOnNode(pod.spec.nodeName, hostPid);
    return { pid: hostPid };
  }

  async terminateNode(node: string) {
    if (this.s.nodeFaults === 'kind') {
      await killKindNode(node);
    } else {
      await setUnschedulable(this.core, node, true);
      for (const pod of (await this.pods()).filter((p) => p.spec?.nodeName === node)) {
        await this.core.createNamespacedPodEviction({ name: pod.metadata!.name!, namespace: this.ns, body: { metadata: { name: pod.metadata!.name!, namespace: this.ns } } });
      }
      return;
    }
    await waitForNodeNotReady(this.core, node, { timeoutMs: NODE_TIMEOUT_MS });
  }

  async restoreNode(node: string) {
    if (this.s.nodeFaults === 'kind') await startKindNode(node);
    else await setUnschedulable(this.core, node, false);
    await waitForNodeReady(this.core, node, { timeoutMs: NODE_TIMEOUT_MS });
  }

  /** The profile's Redis, for the faults that need one. */
  private redisSettings() {
    const settings = this.s.profile.redis;
    if (!settings) throw new Error(`the ${this.s.profile.name} profile runs without Redis`);
    return settings;
  }

  private async redis() {
    this.redisSettings();
    return (await kubernetesRedis(this.s.kc, this.ns, this.s.profile))!;
  }

  async redisMaster() {
    const { name, node } = await findRedisMaster(await this.redis());
    return { name, node };
  }

  async killRedisMaster() {
    const { name, pod } = await findRedisMaster(await this.redis());
    await this.core.deleteNamespacedPod({ name: pod, namespace: this.ns, gracePeriodSeconds: 0 });
    return { name };
  }

  /** Their controllers recreate the pods; restoring is waiting for them. */
  async restoreRedis(name: string) {
    const selector = name === SINGLE_REDIS ? this.redisSettings().singleSelector : `statefulset.kubernetes.io/pod-name=${name}`;
    await waitForPodsRunningReady(this.core, this.ns, selector, 1, { timeoutMs: 180_000 });
  }

  async redisRoles(): Promise<Record<string, string>> {
    const redis = await kubernetesRedis(this.s.kc, this.ns, this.s.profile);
    return redis ? redisRoles(redis) : {};
  }

  async waitForRedisSettled(options: { timeoutMs?: number; signal?: AbortSignal } = {}) {
    const redis = await kubernetesRedis(this.s.kc, this.ns, this.s.profile);
    if (redis) await waitForRedisSettled(redis, options);
  }

  redisLogs() {
    return kubernetesRedisLogs(this.core, this.ns, this.s.profile);
  }

  async restartDatabase() {
    const [pod] = await this.pods(this.s.profile.postgres.selector);
    if (!pod) throw new Error(`no PostgreSQL pod (${this.s.profile.postgres.selector}) in ${this.ns}`);
    await this.core.deleteNamespacedPod({ name: pod.metadata!.name!, namespace: this.ns, gracePeriodSeconds: 10 });
    await waitForPodGone(this.core, this.ns, pod.metadata!.name!, { timeoutMs: 60_000, uid: pod.metadata?.uid });
    await waitForPodsRunningReady(this.core, this.ns, this.s.profile.postgres.selector, 1, { timeoutMs: 180_000 });
  }

  async logs(name: string): Promise<LogLine[]> {
    const saved = this.savedLogs.get(name);
    try {
      const text = await this.core.readNamespacedPodLog({ name, namespace: this.ns, container: this.s.profile.container });
      return String(text)
        .split('\n')
        .filter(Boolean)
        .map((line) => ({ time: '', instance: name, text: line }));
    } catch (error) {
      if (saved) return saved;
      throw new Error(`no logs for pod ${name} in ${this.ns}: ${(error as Error).message}`);
    }
  }

  async instanceUrl(name: string) {
    let forward = this.forwards.get(name);
    if (!forward) {
      forward = await forwardPort(this.s.kc, this.ns, name, this.s.profile.port);
      this.forwards.set(name, forward);
    }
    return forward.url;
  }

  async stop() {
    await Promise.all([...this.forwards.values()].map((f) => f.close()));
    this.forwards.clear();
  }
}
