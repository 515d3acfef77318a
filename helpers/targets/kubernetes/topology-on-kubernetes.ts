// The embedded target's topology options, as changes to the reference app's Deployment, so
// that the same scenario files (and their negative controls) run on a cluster. Options a
// cluster cannot reproduce are refused by name, never silently ignored.
import type { AppsV1Api, CoreV1Api, NetworkingV1Api, V1Deployment, V1EnvVar, V1Ingress, V1ObjectMeta, V1Service } from '@kubernetes/client-node';
import { log } from '../../log/log.js';
import { DEFAULT_TOPOLOGY, type TopologyOptions } from '../topology.js';
import { applyEdge, edgeFor, edgeSettingsOf, readEdge } from './edge-on-kubernetes.js';
import type { Profile } from './profiles.js';
import { unconditional } from './unconditional.js';
import { waitForDeploymentRolledOut } from './wait-for-kube.js';

export class UnsupportedOnKubernetesError extends Error {
  override name = 'UnsupportedOnKubernetesError';
}

const UNSUPPORTED: Partial<Record<keyof TopologyOptions, string>> = {
  nodes: "nodes are the cluster's own",
};

/**
 * The affinity annotations on the way to the pods: Traefik's sticky cookie on a Service (read
 * when the Ingress routes to it, as for the naive load balancer), and the guide's ingress-nginx
 * ones on an Ingress (read by Traefik's nginx provider behind the nginx IngressClass, which then
 * sets a ROUTE cookie itself), as prefixes of their names.
 */
export const STICKY_SERVICE_ANNOTATIONS = ['traefik.ingress.kubernetes.io/service.sticky.'];
export const NGINX_AFFINITY_ANNOTATIONS = ['nginx.ingress.kubernetes.io/affinity', 'nginx.ingress.kubernetes.io/session-cookie'];

/** The metadata without the annotations whose names start with one of the prefixes; the same when it has none of them. */
function withoutAnnotations(metadata: V1ObjectMeta | undefined, prefixes: string[]): V1ObjectMeta | undefined {
  const all = Object.entries(metadata?.annotations ?? {});
  const kept = all.filter(([name]) => !prefixes.some((prefix) => name.startsWith(prefix)));
  return kept.length === all.length ? metadata : { ...metadata, annotations: Object.fromEntries(kept) };
}

function setEnv(env: V1EnvVar[], name: string, value: string): V1EnvVar[] {
  return [...env.filter((e) => e.name !== name), { name, value }];
}

/**
 * The application's Service for a topology. The naive load balancer keeps routing to instances
 * that stopped answering: on a cluster, a Service that publishes not-ready endpoints, so the
 * ingress is never told that a pod died until the pod object itself is gone. Without affinity,
 * no sticky cookie: Traefik balances each request on its own. Affinity cookie leaves the
 * annotations as deployed (the engine's Service has none).
 */
export function serviceFor(original: V1Service, topology: Partial<TopologyOptions>): V1Service {
  const service = structuredClone(original);
  if (topology.loadBalancer) service.spec = { ...service.spec, publishNotReadyAddresses: topology.loadBalancer === 'naive' };
  if (topology.affinity === 'none') service.metadata = withoutAnnotations(service.metadata, STICKY_SERVICE_ANNOTATIONS);
  return service;
}

/**
 * The application's Ingress for a topology. It routes to the HA edge (fixtures/kind/reference/
 * edge.yaml); the naive load balancer is the ingress alone, straight to the app's Service: no
 * health checks, no retries. Without affinity, none of the guide's ingress-nginx affinity
 * annotations: behind the nginx IngressClass they pin a browser to the edge, or, for the naive
 * load balancer, to a pod.
 */
export function ingressFor(original: V1Ingress, topology: Partial<TopologyOptions>, appService: string): V1Ingress {
  const ingress = structuredClone(original);
  if (topology.affinity === 'none') ingress.metadata = withoutAnnotations(ingress.metadata, NGINX_AFFINITY_ANNOTATIONS);
  if (topology.loadBalancer !== 'naive') return ingress;
  for (const rule of ingress.spec?.rules ?? []) {
    for (const path of rule.http?.paths ?? []) if (path.backend.service) path.backend.service.name = appService;
  }
  return ingress;
}

/**
 * The options a profile's application can change: those it has no switch for (its fixed
 * layout) refused by name at any other value, and left out at theirs, as nothing to change.
 */
export function switchesOf(profile: Profile, topology: Partial<TopologyOptions>): Partial<TopologyOptions> {
  const switches: Partial<Record<keyof TopologyOptions, unknown>> = { ...topology };
  for (const [option, only] of Object.entries(profile.fixedLayout ?? {})) {
    const value = topology[option as keyof TopologyOptions];
    if (value === undefined) continue;
    if (value !== only) {
      throw new UnsupportedOnKubernetesError(
        `topology option ${option}=${JSON.stringify(value)} is not supported by the ${profile.name} profile: ${JSON.stringify(only)} only (the other values are switches of the reference app)`,
      );
    }
    delete switches[option as keyof TopologyOptions];
  }
  return switches as Partial<TopologyOptions>;
}

/** The Deployment for a topology (replicas aside: they go through the scale subresource). */
export function deploymentFor(original: V1Deployment, topology: Partial<TopologyOptions>, firstWorker: string): V1Deployment {
  for (const [key, why] of Object.entries(UNSUPPORTED)) {
    const value = topology[key as keyof TopologyOptions];
    if (value !== undefined && JSON.stringify(value) !== JSON.stringify(DEFAULT_TOPOLOGY[key as keyof TopologyOptions])) {
      throw new UnsupportedOnKubernetesError(`topology option ${key}=${JSON.stringify(value)} is not supported on Kubernetes: ${why}`);
    }
  }
  const deployment = structuredClone(original);
  const pod = deployment.spec!.template.spec!;
  const container = pod.containers[0]!;
  const deployed = container.env ?? [];
  let env = deployed;
  if (topology.dbms) env = setEnv(env, 'DBMS', topology.dbms);
  if (topology.dbReconnect !== undefined) env = setEnv(env, 'DB_RECONNECT', String(topology.dbReconnect));
  if (topology.shutdown) env = setEnv(env, 'SHUTDOWN_MODE', topology.shutdown);
  if (topology.shutdown === 'immediate' && container.lifecycle?.preStop) {
    // The preStop pause is half of a graceful shutdown on a cluster: SIGTERM comes only once
    // the ingress has stopped routing to the pod, so an instance exiting at once would hold
    // nothing by then (CI's kind stage lost none of 922 requests). Without it, the pod is
    // signalled as it is deleted, while the ingress still sends it requests.
    const { preStop: _, ...rest } = container.lifecycle;
    container.lifecycle = Object.keys(rest).length > 0 ? rest : undefined;
  }
  if (topology.startDelayMs !== undefined) env = setEnv(env, 'STARTUP_DELAY_MS', String(topology.startDelayMs));
  if (topology.assets) env = setEnv(env, 'ASSETS', topology.assets);
  if (topology.redis) {
    env = setEnv(env, 'REDIS_ACTIVE', String(topology.redis !== 'none'));
    env = setEnv(env, 'REDIS_ADDRESSES', topology.redis === 'sentinel' ? 'redis-sentinel:26379' : '');
  }
  const sessions = topology.sessions ?? (topology.redis === 'none' ? 'memory' : undefined);
  if (sessions) env = setEnv(env, 'REDIS_SESSION_ACTIVE', String(sessions === 'redis'));
  // Only when set: a container without variables stays so, and its Deployment unchanged.
  if (env !== deployed) container.env = env;
  if (topology.placement === 'single-node') {
    // Preferred, not required: every replica lands on one node, as a ReadWriteOnce volume makes
    // them, and the replacements can start elsewhere once that node is gone (a nodeSelector
    // would keep them Pending until it came back).
    pod.affinity = {
      ...pod.affinity,
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, preference: { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [firstWorker] }] } },
        ],
      },
    };
    delete pod.topologySpreadConstraints;
  }
  if (topology.evictionMs !== undefined) {
    const seconds = Math.ceil(topology.evictionMs / 1000);
    pod.tolerations = (pod.tolerations ?? []).map((t) => (t.effect === 'NoExecute' ? { ...t, tolerationSeconds: seconds } : t));
  }
  return deployment;
}

/** Sets a Deployment's replicas through its scale subresource; returns the count it had. */
export async function scaleDeployment(apps: AppsV1Api, namespace: string, name: string, replicas: number): Promise<number | undefined> {
  const scale = await apps.readNamespacedDeploymentScale({ name, namespace });
  const before = scale.spec?.replicas;
  if (before !== replicas) {
    scale.spec = { ...scale.spec, replicas };
    await apps.replaceNamespacedDeploymentScale({ name, namespace, body: unconditional(scale) });
  }
  return before;
}

/** Whether a Service or Ingress differs in what a topology changes: its spec and annotations. */
const changed = (a: V1Service | V1Ingress, b: V1Service | V1Ingress) =>
  JSON.stringify([a.spec, a.metadata?.annotations]) !== JSON.stringify([b.spec, b.metadata?.annotations]);

/** What configuring needs of a started target: its API clients, where the application is, and how it scales. */
export interface TopologyCluster {
  core: CoreV1Api;
  apps: AppsV1Api;
  networking: NetworkingV1Api;
  namespace: string;
  profile: Profile;
  replicas(): number;
  scale(replicas: number): Promise<void>;
  /** Waits until exactly the desired pods run and are ready. */
  waitForSettled(): Promise<void>;
}

/**
 * Reconfigures the application for a scenario's topology and returns how to put it back. Each
 * object the topology changes is replaced, and only those are put back; a configuration that
 * fails half-way puts back what it had changed before it rethrows. An affinity rebuilds the
 * edge's configuration (edge-on-kubernetes.ts) and rolls it out; without affinity, no sticky
 * annotation is left on the way to the pods either, whichever load balancer routes there.
 */
export async function configureTopology(cluster: TopologyCluster, topology: Partial<TopologyOptions>): Promise<() => Promise<void>> {
  const { core, apps, networking, namespace, profile: p } = cluster;
  const originalReplicas = cluster.replicas();
  const scaleTo = async (replicas: number | undefined) => {
    if (replicas !== undefined && replicas !== cluster.replicas()) await cluster.scale(replicas);
  };
  if (p.customResource) {
    const other = Object.keys(topology).filter((k) => k !== 'replicas' && k !== 'images');
    if (other.length > 0) throw new UnsupportedOnKubernetesError(`the ${p.name} profile supports only replicas, not ${other.join(', ')}`);
    await scaleTo(topology.replicas);
    await cluster.waitForSettled();
    return () => scaleTo(originalReplicas);
  }
  topology = switchesOf(p, topology);
  const original = await apps.readNamespacedDeployment({ name: p.deployment, namespace });
  // The role label's value is empty: its presence is what marks a control-plane node.
  const workers = (await core.listNode()).items.filter((n) => n.metadata?.labels?.['node-role.kubernetes.io/control-plane'] === undefined);
  const updated = deploymentFor(original, topology, workers[0]?.metadata?.name ?? '');
  // Read and checked before anything changes: an edge the suite cannot rebuild is refused as it is.
  const originalEdge = topology.affinity ? await readEdge(cluster) : undefined;
  const edge = originalEdge && edgeFor(await edgeSettingsOf(cluster), originalEdge, topology.affinity!);
  const restores: (() => Promise<unknown>)[] = [];
  const putBack = async () => {
    for (const restore of restores) await restore();
    await scaleTo(originalReplicas);
    await waitForDeploymentRolledOut(apps, namespace, p.deployment, { timeoutMs: 600_000 });
    await cluster.waitForSettled();
  };
  try {
    const replaceService = (body: V1Service) => core.replaceNamespacedService({ name: p.service, namespace, body: unconditional(body) });
    const originalService = await core.readNamespacedService({ name: p.service, namespace });
    const service = serviceFor(originalService, topology);
    if (changed(service, originalService)) {
      await replaceService(service);
      restores.push(async () => {
        const latest = await core.readNamespacedService({ name: p.service, namespace });
        await replaceService({
          ...latest,
          metadata: { ...latest.metadata, annotations: originalService.metadata?.annotations },
          spec: { ...latest.spec, publishNotReadyAddresses: originalService.spec?.publishNotReadyAddresses },
        });
      });
    }
    const replaceIngress = (body: V1Ingress) => networking.replaceNamespacedIngress({ name: p.ingress, namespace, body: unconditional(body) });
    const originalIngress = await networking.readNamespacedIngress({ name: p.ingress, namespace });
    const ingress = ingressFor(originalIngress, topology, p.service);
    if (changed(ingress, originalIngress)) {
      await replaceIngress(ingress);
      restores.push(async () => {
        const latest = await networking.readNamespacedIngress({ name: p.ingress, namespace });
        await replaceIngress({ ...latest, metadata: { ...latest.metadata, annotations: originalIngress.metadata?.annotations }, spec: originalIngress.spec });
      });
    }
    if (originalEdge && edge && edge.config !== originalEdge.config) {
      // Registered first, as the Deployment's below.
      restores.push(() => applyEdge(cluster, originalEdge));
      await applyEdge(cluster, edge);
    }
    const replaceDeployment = (body: V1Deployment) => apps.replaceNamespacedDeployment({ name: p.deployment, namespace, body: unconditional(body) });
    if (JSON.stringify(updated.spec) !== JSON.stringify(original.spec)) {
      // Registered first: a rollout that never finishes is put back too.
      restores.push(async () => {
        // The replica count is the scale subresource's, whatever the scenario made it.
        const latest = await apps.readNamespacedDeployment({ name: p.deployment, namespace });
        await replaceDeployment({ ...latest, spec: { ...original.spec!, replicas: latest.spec?.replicas } });
      });
      await replaceDeployment(updated);
      await waitForDeploymentRolledOut(apps, namespace, p.deployment, { timeoutMs: 600_000 });
    }
    await scaleTo(topology.replicas);
    await cluster.waitForSettled();
  } catch (error) {
    await putBack().catch((undo: Error) => log.warn(`putting the application back after a failed configuration failed too: ${undo.message}`));
    throw error;
  }
  return putBack;
}
