// The embedded target's topology options, as changes to the reference app's Deployment, so
// that the same scenario files (and their negative controls) run on a cluster. Options a
// cluster cannot reproduce are refused by name, never silently ignored.
import type { V1Deployment, V1EnvVar, V1Ingress, V1Service } from '@kubernetes/client-node';
import { DEFAULT_TOPOLOGY, type TopologyOptions } from '../local-docker/topology-options.js';

export class UnsupportedOnKubernetesError extends Error {
  override name = 'UnsupportedOnKubernetesError';
}

const UNSUPPORTED: Partial<Record<keyof TopologyOptions, string>> = {
  nodes: "nodes are the cluster's own",
};

function setEnv(env: V1EnvVar[], name: string, value: string): V1EnvVar[] {
  return [...env.filter((e) => e.name !== name), { name, value }];
}

/**
 * The application's Service for a topology. The naive load balancer keeps routing to instances
 * that stopped answering: on a cluster, a Service that publishes not-ready endpoints, so the
 * ingress is never told that a pod died until the pod object itself is gone.
 */
export function serviceFor(original: V1Service, topology: Partial<TopologyOptions>): V1Service {
  const service = structuredClone(original);
  if (topology.loadBalancer) service.spec = { ...service.spec, publishNotReadyAddresses: topology.loadBalancer === 'naive' };
  return service;
}

/**
 * The application's Ingress for a topology. It routes to the HA edge (fixtures/kind/reference/
 * edge.yaml); the naive load balancer is the ingress alone, straight to the app's Service: no
 * health checks, no retries.
 */
export function ingressFor(original: V1Ingress, topology: Partial<TopologyOptions>, appService: string): V1Ingress {
  const ingress = structuredClone(original);
  if (topology.loadBalancer !== 'naive') return ingress;
  for (const rule of ingress.spec?.rules ?? []) {
    for (const path of rule.http?.paths ?? []) if (path.backend.service) path.backend.service.name = appService;
  }
  return ingress;
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
  let env = container.env ?? [];
  if (topology.dbms) env = setEnv(env, 'DBMS', topology.dbms);
  if (topology.dbReconnect !== undefined) env = setEnv(env, 'DB_RECONNECT', String(topology.dbReconnect));
  if (topology.shutdown) env = setEnv(env, 'SHUTDOWN_MODE', topology.shutdown);
  if (topology.redis) {
    env = setEnv(env, 'REDIS_ACTIVE', String(topology.redis !== 'none'));
    env = setEnv(env, 'REDIS_ADDRESSES', topology.redis === 'sentinel' ? 'redis-sentinel:26379' : '');
  }
  const sessions = topology.sessions ?? (topology.redis === 'none' ? 'memory' : undefined);
  if (sessions) env = setEnv(env, 'REDIS_SESSION_ACTIVE', String(sessions === 'redis'));
  container.env = env;
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
