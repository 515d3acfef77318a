import { describe, expect, it } from 'vitest';
import { deploymentFor, ingressFor, serviceFor, UnsupportedOnKubernetesError } from './topology-on-kubernetes.js';
import { loadManifests, PROFILE_FILES } from './manifests.js';
import type { V1Deployment, V1Ingress, V1Service } from '@kubernetes/client-node';

const values = {
  NAMESPACE: 'entando', REPLICAS: '2', POSTGRES_IMAGE: 'p', REDIS_IMAGE: 'r', APP_IMAGE: 'a', CLIENT_SECRET: 'c', ADMIN_PASSWORD: 'a',
  SIGNING_KEY: 's', DB_PASSWORD: 'd', REDIS_ADDRESSES: '', INGRESS_CLASS: 'traefik', COOKIE_KEY: 'k', HAPROXY_IMAGE: 'h', APP_NAME: 'reference-app', EDGE_CONFIG: '""', EDGE_CONFIG_HASH: 'x',
};

async function referenceDeployment(): Promise<V1Deployment> {
  const objects = await loadManifests(PROFILE_FILES.reference, values);
  return objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'reference-app') as unknown as V1Deployment;
}

const env = (d: V1Deployment) => Object.fromEntries((d.spec!.template.spec!.containers[0]!.env ?? []).map((e) => [e.name, e.value]));

describe('topology options on the Kubernetes reference profile', () => {
  it("turns the non-HA switches into the app's variables", async () => {
    const d = deploymentFor(await referenceDeployment(), { redis: 'none', dbms: 'embedded', shutdown: 'immediate', dbReconnect: false }, 'w1');
    expect(env(d)).toMatchObject({ REDIS_ACTIVE: 'false', REDIS_SESSION_ACTIVE: 'false', DBMS: 'embedded', SHUTDOWN_MODE: 'immediate', DB_RECONNECT: 'false' });
  });

  it('puts every replica on one node for the single-node layout, free to move when it dies, and sets the eviction delay', async () => {
    const d = deploymentFor(await referenceDeployment(), { placement: 'single-node', evictionMs: 3_600_000 }, 'worker-1');
    const pod = d.spec!.template.spec!;
    expect(pod.affinity!.nodeAffinity!.preferredDuringSchedulingIgnoredDuringExecution![0]!.preference.matchExpressions).toEqual([
      { key: 'kubernetes.io/hostname', operator: 'In', values: ['worker-1'] },
    ]);
    expect(pod.nodeSelector).toBeUndefined();
    expect(pod.topologySpreadConstraints).toBeUndefined();
    expect(pod.tolerations!.map((t) => t.tolerationSeconds)).toEqual([3_600, 3_600]);
  });

  it('refuses what a cluster cannot reproduce, by name', async () => {
    const original = await referenceDeployment();
    expect(() => deploymentFor(original, { nodes: ['a'] }, 'w1')).toThrow(UnsupportedOnKubernetesError);
    expect(() => deploymentFor(original, { nodes: ['a'] }, 'w1')).toThrow('topology option nodes=["a"] is not supported on Kubernetes');
    expect(env(deploymentFor(original, { nodes: ['node-1', 'node-2', 'node-3'] }, 'w1'))).toEqual(env(original));
  });

  it('makes the naive load balancer the Ingress straight to the app, and keeps the HA edge otherwise', async () => {
    const objects = await loadManifests(PROFILE_FILES.reference, values);
    const original = objects.find((o) => o.kind === 'Ingress' && o.metadata.name === 'reference-app') as unknown as V1Ingress;
    const backends = (i: V1Ingress) => i.spec!.rules!.flatMap((r) => r.http!.paths.map((p) => p.backend.service!.name));
    expect(backends(original)).toEqual(['reference-app-edge', 'reference-app-edge']);
    expect(backends(ingressFor(original, { loadBalancer: 'naive' }, 'reference-app'))).toEqual(['reference-app', 'reference-app']);
    expect(ingressFor(original, { loadBalancer: 'ha' }, 'reference-app')).toEqual(original);
    expect(backends(original)).toEqual(['reference-app-edge', 'reference-app-edge']);
  });

  it('makes the naive load balancer a Service that keeps not-ready endpoints, and puts it back for ha', async () => {
    const objects = await loadManifests(PROFILE_FILES.reference, values);
    const original = objects.find((o) => o.kind === 'Service' && o.metadata.name === 'reference-app') as unknown as V1Service;
    expect(original.spec!.publishNotReadyAddresses).toBeFalsy();
    const naive = serviceFor(original, { loadBalancer: 'naive' });
    expect(naive.spec!.publishNotReadyAddresses).toBe(true);
    expect(serviceFor(naive, { loadBalancer: 'ha' }).spec!.publishNotReadyAddresses).toBe(false);
    expect(serviceFor(original, { replicas: 3 })).toEqual(original);
  });
});
