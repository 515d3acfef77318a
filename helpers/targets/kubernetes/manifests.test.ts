// Every manifest the suite applies, filled and validated against the Kubernetes schemas, and
// the kind configuration checked for what the scenarios rely on.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../paths.js';
import { edgeValues } from './edge-config.js';
import { missingCpuRequests } from './cpu-requests.js';
import { fill, loadManifests, ManifestError, parseManifest, PROFILE_FILES, validateObject } from './manifests.js';

const values = {
  NAMESPACE: 'entando',
  REPLICAS: '2',
  POSTGRES_IMAGE: 'postgres:16-bookworm',
  REDIS_IMAGE: 'redis:7.2-bookworm',
  APP_IMAGE: 'entando-chaos/reference-app:test',
  TRAEFIK_IMAGE: 'traefik:v3.6',
  CLIENT_SECRET: 'c',
  ADMIN_PASSWORD: 'a',
  SIGNING_KEY: 's',
  DB_PASSWORD: 'd',
  REDIS_ADDRESSES: '',
  INGRESS_CLASS: 'traefik',
  INGRESS_HOST: 'entando.127.0.0.1.nip.io',
  COOKIE_KEY: 'k', HAPROXY_IMAGE: 'haproxy:2.8-bookworm',
  ENGINE_CLIENT_ID: 'appbuilder', ENGINE_CLIENT_SECRET: 'c', ENGINE_ADMIN_PASSWORD: 'a', ENGINE_SERV_DATABASE: 'entando_serv',
  ...edgeValues({ namespace: 'entando', app: 'reference-app', nameserver: '10.96.0.10', healthPath: '/entando-de-app/api/health', cookieKey: 'k', ingressClass: 'traefik' }),
};

describe('manifests', () => {
  it.each(Object.entries(PROFILE_FILES))('%s: every object is valid against the Kubernetes schemas', async (_profile, files) => {
    const objects = await loadManifests(files, values);
    expect(objects.length).toBeGreaterThan(0);
  });

  // Seen on a real cluster: a hash such as 52e681401234 was read by YAML as a number, and refused.
  it.each(['123456789012', '52e681401234'])('keeps the edge configuration hash %s a string', async (hash) => {
    const objects = await loadManifests(PROFILE_FILES.reference, { ...values, EDGE_CONFIG_HASH: hash });
    const edge = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'reference-app-edge') as any; // reading a manifest's nested fields
    expect(edge.spec.template.metadata.annotations['entando-chaos/config-hash']).toBe(hash);
  });

  it('makes the reference app an HA Deployment: readiness, preStop, PDB, spread, short eviction tolerations', async () => {
    const objects = await loadManifests(PROFILE_FILES.reference, values);
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'reference-app') as any; // reading a manifest's nested fields
    const pod = deployment.spec.template.spec;
    expect(deployment.spec.replicas).toBe(2);
    expect(pod.containers[0].readinessProbe.httpGet.path).toBe('/entando-de-app/api/health');
    expect(pod.containers[0].lifecycle.preStop.sleep.seconds).toBeGreaterThan(0);
    expect(pod.topologySpreadConstraints[0].topologyKey).toBe('topology.kubernetes.io/zone');
    expect(pod.tolerations.map((t: { key: string; tolerationSeconds: number }) => [t.key, t.tolerationSeconds])).toEqual([
      ['node.kubernetes.io/not-ready', 5],
      ['node.kubernetes.io/unreachable', 5],
    ]);
    expect(objects.some((o) => o.kind === 'PodDisruptionBudget')).toBe(true);
    const ingress = objects.find((o) => o.kind === 'Ingress') as any; // as above
    expect(ingress.metadata.annotations['nginx.ingress.kubernetes.io/session-cookie-name']).toBe('ROUTE');
  });

  it('runs the one-node Redis without REPLICAOF and SLAVEOF, so no sentinel can make it a replica', async () => {
    const objects = await loadManifests(PROFILE_FILES.reference, values);
    const redis = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'redis') as any; // as above
    expect(redis.spec.template.metadata.labels['app.kubernetes.io/name']).toBe('redis-single');
    expect(redis.spec.template.spec.containers[0].args.join(' ')).toMatch(/--rename-command REPLICAOF {2}--rename-command SLAVEOF $/);
  });

  it("names the edge's cookie apart behind the nginx class, whose annotations make Traefik set ROUTE itself", () => {
    const config = JSON.parse(edgeValues({ namespace: 'entando', app: 'reference-app', nameserver: '10.96.0.10', healthPath: '/h', cookieKey: 'k', ingressClass: 'nginx' }).EDGE_CONFIG) as string;
    expect(config).toContain('cookie ROUTE_POD insert');
  });

  it("puts the HA HAProxy between the ingress and the pods, finding them through the cluster's DNS", async () => {
    const objects = await loadManifests(PROFILE_FILES.reference, values);
    const config = (objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'reference-app-edge') as any).data['haproxy.cfg']; // as above
    expect(config).toContain('nameserver dns 10.96.0.10:53');
    expect(config).toMatch(/server-template app 1-12 reference-app-pods\.entando\.svc\.cluster\.local:8080 check /);
    expect(config).toContain('retry-on conn-failure empty-response response-timeout');
    expect(config).toContain('cookie ROUTE insert');
    const headless = objects.find((o) => o.kind === 'Service' && o.metadata.name === 'reference-app-pods') as any; // as above
    expect(headless.spec).toMatchObject({ clusterIP: 'None', selector: { 'app.kubernetes.io/name': 'reference-app' } });
    const ingress = objects.find((o) => o.kind === 'Ingress') as any; // as above
    expect(new Set(ingress.spec.rules[0].http.paths.map((p: any) => p.backend.service.name))).toEqual(new Set(['reference-app-edge'])); // as above
  });

  it("runs the Entando 6.2 engine behind its own edge, its first pod alone, its second database made before it starts", async () => {
    const engineValues = { ...values, ...edgeValues({ namespace: 'entando', app: 'entando-engine', nameserver: '10.96.0.10', healthPath: '/entando-de-app/api/health', cookieKey: 'k', ingressClass: 'traefik' }) };
    const objects = await loadManifests(PROFILE_FILES['entando-engine'], engineValues);
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'entando-engine') as any; // reading a manifest's nested fields
    // No replicas: created with one, scaled by cluster:up once the schema is in, kept by a re-apply.
    expect(deployment.spec.replicas).toBeUndefined();
    const pod = deployment.spec.template.spec;
    expect(pod.initContainers[0].command.join(' ')).toMatch(/CREATE DATABASE "entando_serv"/);
    const env = Object.fromEntries(pod.containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom])); // as above
    expect(env.INSTANCE_NAME).toEqual({ fieldRef: { fieldPath: 'metadata.name' } });
    expect(env.SERVDB_URL).toBe('jdbc:postgresql://postgresql:5432/entando_serv');
    expect(env.DB_PASSWORD).toEqual({ secretKeyRef: { name: 'postgresql-credentials', key: 'password' } });
    expect(pod.containers[0].startupProbe.httpGet.path).toBe('/entando-de-app/api/health');
    const config = (objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'entando-engine-edge') as any).data['haproxy.cfg']; // as above
    expect(config).toMatch(/server-template app 1-12 entando-engine-pods\.entando\.svc\.cluster\.local:8080 check /);
    const ingress = objects.find((o) => o.kind === 'Ingress') as any; // as above
    expect(ingress.spec.rules[0].http.paths.map((p: any) => p.backend.service.name)).toEqual(['entando-engine-edge']); // as above
    expect(objects.some((o) => o.kind === 'Deployment' && /redis/.test(o.metadata.name))).toBe(false);
  });

  it('gives every pod on the serving path of the reference profile a CPU request, so none is starved first', async () => {
    const objects = await loadManifests([...PROFILE_FILES.reference, ...PROFILE_FILES['reference-sentinel'], ...PROFILE_FILES.ingress], values);
    const owners = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
    expect(owners.map((o) => o.metadata.name)).toEqual(expect.arrayContaining(['reference-app', 'reference-app-edge', 'postgresql', 'traefik', 'redis-sentinel']));
    expect(owners.map((o) => missingCpuRequests(o)).filter(Boolean)).toEqual([]);
    const bestEffort = { kind: 'Deployment', metadata: { name: 'app', namespace: 'ns' }, spec: { template: { spec: { containers: [{ name: 'app' }, { name: 'side', resources: { requests: { cpu: '10m' } } }, { name: 'capped', resources: { limits: { cpu: '1' } } }] } } } };
    expect(missingCpuRequests(bestEffort)).toMatch(/^Deployment ns\/app: container\(s\) app request no CPU, .*resources\.requests\.cpu/);
  });

  it('names a missing value, a YAML error and an invalid object with its file', () => {
    expect(() => fill('replicas: ${REPLICAS}', {}, 'x.yaml')).toThrow('x.yaml needs values for REPLICAS');
    expect(() => parseManifest('a: [', 'y.yaml')).toThrow(/^y\.yaml document 1: /);
    const bad = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 'two' } };
    expect(() => validateObject(bad, 'z.yaml')).toThrow(ManifestError);
    expect(() => validateObject(bad, 'z.yaml')).toThrow(/^z\.yaml: Deployment d is invalid: .*replicas must be integer/);
    expect(() => validateObject({ apiVersion: 'v1', kind: 'Pod2', metadata: { name: 'p' } }, 'w.yaml')).toThrow('w.yaml: v1 Pod2 is not a Kubernetes kind');
  });
});

describe('kind configuration', () => {
  it('has one control-plane and three zoned workers, the ingress on 127.0.0.1, and fast node-loss detection', async () => {
    const config = parse(await readFile(`${PROJECT_ROOT}kind-config.yaml`, 'utf8'));
    expect(config).toMatchObject({ kind: 'Cluster', apiVersion: 'kind.x-k8s.io/v1alpha4' });
    const roles = config.nodes.map((n: { role: string }) => n.role);
    expect(roles).toEqual(['control-plane', 'worker', 'worker', 'worker']);
    expect(new Set(config.nodes.slice(1).map((n: { labels: Record<string, string> }) => n.labels['topology.kubernetes.io/zone'])).size).toBe(3);
    expect(config.nodes[0].extraPortMappings[0]).toMatchObject({ containerPort: 80, listenAddress: '127.0.0.1' });
    expect(config.nodes[0].kubeadmConfigPatches[0]).toContain('node-monitor-grace-period: "10s"');
  });
});
