import { describe, expect, it } from 'vitest';
import { deploymentFor, ingressFor, serviceFor, switchesOf, UnsupportedOnKubernetesError } from './topology-on-kubernetes.js';
import { edgeConfig, type EdgeSettings } from './edge-config.js';
import { edgeFor } from './edge-on-kubernetes.js';
import { loadManifests, PROFILE_FILES } from './manifests.js';
import { PROFILES } from './profiles.js';
import type { V1Deployment, V1Ingress, V1Service } from '@kubernetes/client-node';

const values = {
  NAMESPACE: 'entando', REPLICAS: '2', POSTGRES_IMAGE: 'p', REDIS_IMAGE: 'r', APP_IMAGE: 'a', CLIENT_SECRET: 'c', ADMIN_PASSWORD: 'a',
  SIGNING_KEY: 's', DB_PASSWORD: 'd', REDIS_ADDRESSES: '', INGRESS_CLASS: 'traefik', COOKIE_KEY: 'k', HAPROXY_IMAGE: 'h', APP_NAME: 'reference-app', EDGE_CONFIG: '""', EDGE_CONFIG_HASH: 'x',
};

async function referenceDeployment(): Promise<V1Deployment> {
  const objects = await loadManifests(PROFILE_FILES.reference, values);
  return objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'reference-app') as unknown as V1Deployment;
}

async function referenceObject<T>(kind: string): Promise<T> {
  const objects = await loadManifests(PROFILE_FILES.reference, values);
  return objects.find((o) => o.kind === kind && o.metadata.name === 'reference-app') as unknown as T;
}

const env = (d: V1Deployment) => Object.fromEntries((d.spec!.template.spec!.containers[0]!.env ?? []).map((e) => [e.name, e.value]));

describe('topology options on the Kubernetes reference profile', () => {
  it("turns the non-HA switches into the app's variables", async () => {
    const d = deploymentFor(await referenceDeployment(), { redis: 'none', dbms: 'embedded', shutdown: 'immediate', dbReconnect: false }, 'w1');
    expect(env(d)).toMatchObject({ REDIS_ACTIVE: 'false', REDIS_SESSION_ACTIVE: 'false', DBMS: 'embedded', SHUTDOWN_MODE: 'immediate', DB_RECONNECT: 'false' });
  });

  it('drops the preStop pause for an immediate shutdown, so the pod exits while the ingress still routes to it; keeps it otherwise', async () => {
    const original = await referenceDeployment();
    const preStop = (d: V1Deployment) => d.spec!.template.spec!.containers[0]!.lifecycle?.preStop;
    expect(preStop(original)).toBeDefined();
    expect(preStop(deploymentFor(original, { shutdown: 'immediate' }, 'w1'))).toBeUndefined();
    expect(preStop(deploymentFor(original, { shutdown: 'graceful' }, 'w1'))).toEqual(preStop(original));
    expect(preStop(original)).toBeDefined();
  });

  it("gives each instance its own script with assets per-instance (the app's ASSETS), and leaves the app's default otherwise", async () => {
    const original = await referenceDeployment();
    expect(env(deploymentFor(original, { assets: 'per-instance' }, 'w1'))).toMatchObject({ ASSETS: 'per-instance' });
    expect(env(deploymentFor(original, { assets: 'shared' }, 'w1'))).toMatchObject({ ASSETS: 'shared' });
    expect(env(deploymentFor(original, { replicas: 2 }, 'w1'))).not.toHaveProperty('ASSETS');
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

  it("drops the Service's sticky cookie without affinity, and leaves it as deployed with affinity cookie", async () => {
    const original = await referenceObject<V1Service>('Service');
    const sticky = (svc: V1Service) => Object.keys(svc.metadata?.annotations ?? {}).filter((k) => k.startsWith('traefik.ingress.kubernetes.io/service.sticky.'));
    expect(sticky(original)).toEqual(['traefik.ingress.kubernetes.io/service.sticky.cookie', 'traefik.ingress.kubernetes.io/service.sticky.cookie.name']);
    const none = serviceFor(original, { affinity: 'none', loadBalancer: 'naive' });
    expect(sticky(none)).toEqual([]);
    expect(none.spec!.publishNotReadyAddresses).toBe(true);
    expect(serviceFor(original, { affinity: 'cookie' })).toEqual(original);
    expect(sticky(original)).toHaveLength(2);
    // The engine's Service has no annotations: nothing to drop, nothing to replace.
    const bare: V1Service = { metadata: { name: 'entando-engine' }, spec: {} };
    expect(serviceFor(bare, { affinity: 'none' })).toEqual(bare);
  });

  it("drops the guide's ingress-nginx affinity annotations without affinity, whichever load balancer", async () => {
    const original = await referenceObject<V1Ingress>('Ingress');
    const nginx = (i: V1Ingress) => Object.keys(i.metadata?.annotations ?? {}).filter((k) => k.startsWith('nginx.ingress.kubernetes.io/'));
    expect(nginx(original)).toHaveLength(3);
    expect(nginx(ingressFor(original, { affinity: 'none' }, 'reference-app'))).toEqual([]);
    expect(nginx(ingressFor(original, { affinity: 'none', loadBalancer: 'naive' }, 'reference-app'))).toEqual([]);
    expect(ingressFor(original, { affinity: 'cookie' }, 'reference-app')).toEqual(original);
  });

  it("refuses the reference app's switches on the engine by name, and leaves out those at the engine's own value", () => {
    const engine = PROFILES['entando-engine'];
    expect(() => switchesOf(engine, { replicas: 2, assets: 'per-instance' })).toThrow(UnsupportedOnKubernetesError);
    expect(() => switchesOf(engine, { assets: 'per-instance' })).toThrow(
      'topology option assets="per-instance" is not supported by the entando-engine profile: "shared" only (the other values are switches of the reference app)',
    );
    expect(() => switchesOf(engine, { redis: 'single' })).toThrow('topology option redis="single" is not supported by the entando-engine profile');
    expect(switchesOf(engine, { replicas: 2, assets: 'shared', redis: 'none', affinity: 'none' })).toEqual({ replicas: 2, affinity: 'none' });
    const control = { replicas: 2, assets: 'per-instance', affinity: 'none' } as const;
    expect(switchesOf(PROFILES.reference, control)).toEqual(control);
  });
});

describe("the edge's configuration for an affinity", () => {
  const settings: EdgeSettings = { namespace: 'entando', app: 'reference-app', nameserver: '10.96.0.10', healthPath: '/entando-de-app/api/health', cookieKey: 'k', ingressClass: 'traefik' };
  const deployed = { config: edgeConfig(settings), hash: 'deployed' };

  it('is the HA edge without the cookie for affinity none, and the deployed one back for cookie', () => {
    const none = edgeFor(settings, deployed, 'none');
    expect(deployed.config).toContain('cookie ROUTE insert indirect nocache dynamic');
    expect(none.config).not.toMatch(/cookie ROUTE|dynamic-cookie-key/);
    expect(none.config).toMatch(/retry-on conn-failure[\s\S]*option httpchk GET \/entando-de-app\/api\/health/);
    expect(none.hash).toMatch(/^[0-9a-f]{12}$/);
    expect(edgeFor(settings, none, 'cookie').config).toBe(deployed.config);
  });

  it("has no cookie at all behind the nginx class either (only Traefik's own there, which pins the edge)", () => {
    const nginx = { ...settings, ingressClass: 'nginx' } as const;
    expect(edgeFor(nginx, { config: edgeConfig(nginx), hash: undefined }, 'none').config).not.toMatch(/\bcookie\b/);
  });

  it('refuses an edge running a configuration the suite does not write for these settings', () => {
    const foreign = { config: edgeConfig({ ...settings, cookieKey: 'another' }), hash: 'x' };
    expect(() => edgeFor(settings, foreign, 'none')).toThrow(/the edge reference-app-edge in entando runs a configuration this suite does not write .*npm run cluster:up/);
  });
});
