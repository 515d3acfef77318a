// The Kubernetes target's logic at the Kubernetes API's HTTP boundary, in the unit tests: a fake
// API server (fake-kube-api.ts) answers the REST calls, so no cluster is needed. Exec,
// port-forward and kind node operations are not covered here; the scenarios cover them on the
// offline kind cluster, and node-faults.docker.test.ts the healing of a node left stopped. Pod
// exec is, as far as its answers: the fake serves scripted redis-cli output.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { redact } from '../../log/redact.js';
import { FakeKubeApi, node, pod, type ExecAnswer } from './fake-kube-api.js';
import { configHash, edgeConfig, type EdgeSettings } from './edge-config.js';
import { assertContextAllowed, GuardrailError } from './guardrails.js';
import { KubernetesTarget } from './kubernetes-target.js';
import { CORDONED_BY_SUITE } from './node-faults.js';
import { pickProcess, summarizeProcesses } from '../process-lookup.js';

let api: FakeKubeApi;
let ingress: Server;
let ingressUrl: string;

beforeEach(async () => {
  api = new FakeKubeApi({
    pods: [
      pod('reference-app-a', 'worker-1'),
      pod('reference-app-b', 'worker-2', { restarts: 2 }),
      pod('postgresql-0', 'worker-3', { labels: { 'app.kubernetes.io/name': 'postgresql' } }),
      pod('redis-6d8f9', 'worker-3', { labels: { 'app.kubernetes.io/name': 'redis-single' } }),
    ],
    nodes: [node('control-plane'), node('worker-1'), node('worker-2'), node('worker-3', false)],
    deployments: { 'reference-app': { replicas: 2 } },
    secrets: {
      'reference-app-credentials': {
        clientId: Buffer.from('suite').toString('base64'),
        clientSecret: Buffer.from('k8s-client-secret-value').toString('base64'),
        adminPassword: Buffer.from('k8s-admin-password').toString('base64'),
      },
    },
    logs: { 'reference-app-a': '{"msg":"** Redis with single node configuration **"}\n{"msg":"access","reqId":"r-1"}\n' },
    exec: (name, _container, command) => (name === 'redis-6d8f9' && command.join(' ') === 'redis-cli ROLE' ? { stdout: 'master\n0\n\n' } : undefined),
  });
  ingress = createServer((_req, res) => res.end('{"status":"UP"}'));
  await new Promise<void>((resolve) => ingress.listen(0, '127.0.0.1', resolve));
  ingressUrl = `http://127.0.0.1:${(ingress.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await api.stop();
  await new Promise((resolve) => ingress.close(resolve));
});

/** The reference profile's Service and Ingress, as cluster:up leaves them. */
function withNetworking() {
  api.state.services = { 'reference-app': { metadata: { name: 'reference-app' }, spec: { publishNotReadyAddresses: false } } };
  const backend = { service: { name: 'reference-app-edge', port: { name: 'http' } } };
  api.state.ingresses = { 'reference-app': { metadata: { name: 'reference-app' }, spec: { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }] } } };
}

/** cluster:up's settings for the edge, as the fake cluster holds them. */
const EDGE: EdgeSettings = { namespace: 'entando', app: 'reference-app', nameserver: '10.96.0.10', healthPath: '/entando-de-app/api/health', cookieKey: 'edge-cookie-key', ingressClass: 'traefik' };

/**
 * withNetworking, and the edge as cluster:up leaves it: its ConfigMap, Deployment (with the
 * configuration's hash) and pod, what its configuration is made from (kube-dns, the cookie key,
 * the Ingress's class), and the manifests' affinity annotations.
 */
function withEdge(ingressClass: EdgeSettings['ingressClass'] = 'traefik') {
  withNetworking();
  const config = edgeConfig({ ...EDGE, ingressClass });
  api.state.configMaps = { 'reference-app-edge': { metadata: { name: 'reference-app-edge' }, data: { 'haproxy.cfg': config } } };
  api.state.deployments['reference-app-edge'] = { replicas: 1, annotations: { 'entando-chaos/config-hash': configHash(config) } };
  api.state.pods.push(pod('reference-app-edge-5c7d9', 'control-plane', { labels: { 'app.kubernetes.io/name': 'reference-app-edge' } }));
  api.state.services!['kube-dns'] = { metadata: { name: 'kube-dns', namespace: 'kube-system' }, spec: { clusterIP: EDGE.nameserver } };
  api.state.secrets['reference-app-credentials']!.cookieKey = Buffer.from(EDGE.cookieKey).toString('base64');
  api.state.services!['reference-app']!.metadata!.annotations = {
    'traefik.ingress.kubernetes.io/service.sticky.cookie': 'true',
    'traefik.ingress.kubernetes.io/service.sticky.cookie.name': 'ROUTE',
  };
  const ingress = api.state.ingresses!['reference-app']!;
  ingress.spec!.ingressClassName = ingressClass;
  ingress.metadata!.annotations = { 'nginx.ingress.kubernetes.io/affinity': 'cookie', 'nginx.ingress.kubernetes.io/session-cookie-name': 'ROUTE' };
}

const edge = () => ({ config: api.state.configMaps!['reference-app-edge']!.data!['haproxy.cfg']!, hash: api.state.deployments['reference-app-edge']!.annotations?.['entando-chaos/config-hash'] });
const annotations = (o: { metadata?: { annotations?: Record<string, string> } }) => Object.keys(o.metadata?.annotations ?? {});
const appEnv = () => Object.fromEntries((api.state.deployments['reference-app']!.env ?? []).map((e) => [e.name, e.value]));

const backends = () => api.state.ingresses!['reference-app']!.spec!.rules!.flatMap((r) => r.http!.paths.map((p) => p.backend.service!.name));

const start = async () => new KubernetesTarget().withKubeConfig(await api.start()).withIngressUrl(ingressUrl).start();

describe('Kubernetes target at the API HTTP boundary (fake API server, no cluster)', () => {
  it('finds the application, its replicas and its credentials, and never prints the secrets', async () => {
    const target = await start();
    expect(target.description).toMatchObject({ kind: 'kubernetes', context: 'kind-fake', namespace: 'entando' });
    expect(target.desiredReplicas()).toBe(2);
    expect(target.credentials).toMatchObject({ clientId: 'suite', clientSecret: 'k8s-client-secret-value', password: 'k8s-admin-password' });
    expect(redact('secret k8s-client-secret-value and k8s-admin-password')).toBe('secret *** and ***');
  });

  it('maps pods to instances with their nodes, readiness and restarts, and nodes to their Ready condition', async () => {
    const target = await start();
    expect(await target.instances()).toEqual([
      { name: 'reference-app-a', node: 'worker-1', phase: 'Running', ready: true, restarts: 0 },
      { name: 'reference-app-b', node: 'worker-2', phase: 'Running', ready: true, restarts: 2 },
    ]);
    expect((await target.nodes()).filter((n) => !n.ready).map((n) => n.name)).toEqual(['worker-3']);
    expect(api.requests.some((r) => r.path === '/api/v1/namespaces/entando/pods?labelSelector=app.kubernetes.io%2Fname%3Dreference-app')).toBe(true);
  });

  it('scales through the Deployment scale subresource', async () => {
    const target = await start();
    await target.scale(3);
    const put = api.requests.find((r) => r.method === 'PUT' && r.path.endsWith('/deployments/reference-app/scale'));
    expect(put?.body).toMatchObject({ kind: 'Scale', spec: { replicas: 3 } });
    expect(target.desiredReplicas()).toBe(3);
  });

  it('deletes a pod with its grace period, keeps its logs, and waits until it is gone', async () => {
    const target = await start();
    await target.deleteInstance('reference-app-a', { gracePeriodMs: 5_000 });
    const del = api.requests.find((r) => r.method === 'DELETE');
    expect(del?.path).toBe('/api/v1/namespaces/entando/pods/reference-app-a?gracePeriodSeconds=5');
    expect((await target.logs('reference-app-a')).map((l) => l.text)).toContain('{"msg":"access","reqId":"r-1"}');
  });

  it('times out waiting for ready pods with what it saw last', async () => {
    const target = await start();
    await expect(target.waitForInstancesReady(3, { timeoutMs: 300 })).rejects.toThrow(
      /timed out after 0\.\d s waiting for 3 ready pod\(s\) app\.kubernetes\.io\/name=reference-app in entando; last seen: 2\/3 ready: reference-app-a@worker-1 Running ready, reference-app-b@worker-2 Running ready/,
    );
  });

  it('cordons and evicts in the drain variant, and uncordons on restore', async () => {
    const kc = await api.start();
    const target = await new KubernetesTarget().withKubeConfig(kc).withIngressUrl(ingressUrl).withNodeFaults('drain').start();
    await target.terminateNode('worker-1');
    const worker1 = () => api.state.nodes.find((n) => n.metadata?.name === 'worker-1')!;
    expect(worker1().spec?.unschedulable).toBe(true);
    expect(worker1().metadata?.annotations?.[CORDONED_BY_SUITE]).toBeDefined();
    expect(api.requests.some((r) => r.method === 'POST' && r.path === '/api/v1/namespaces/entando/pods/reference-app-a/eviction')).toBe(true);
    await target.restoreNode('worker-1');
    expect(worker1().spec?.unschedulable).toBe(false);
    expect(worker1().metadata?.annotations?.[CORDONED_BY_SUITE]).toBeUndefined();
  });

  it("uncordons at start the nodes an interrupted drain left cordoned, and not an operator's", async () => {
    const [, worker1, worker2] = api.state.nodes;
    Object.assign(worker1!, { spec: { unschedulable: true }, metadata: { name: 'worker-1', annotations: { [CORDONED_BY_SUITE]: '2026-11-26T10:00:00Z' } } });
    Object.assign(worker2!, { spec: { unschedulable: true } });
    await new KubernetesTarget().withKubeConfig(await api.start()).withIngressUrl(ingressUrl).withNodeFaults('drain').start();
    expect(worker1!.spec?.unschedulable).toBe(false);
    expect(worker1!.metadata?.annotations?.[CORDONED_BY_SUITE]).toBeUndefined();
    expect(worker2!.spec?.unschedulable).toBe(true);
  });

  it('routes the naive load balancer straight to the app and puts the edge back afterwards', async () => {
    withNetworking();
    const restore = await (await start()).configure({ loadBalancer: 'naive' });
    expect(backends()).toEqual(['reference-app']);
    expect(api.state.services!['reference-app']!.spec!.publishNotReadyAddresses).toBe(true);
    await restore();
    expect(backends()).toEqual(['reference-app-edge']);
    expect(api.state.services!['reference-app']!.spec!.publishNotReadyAddresses).toBe(false);
  });

  it('puts back what a configuration that failed half-way had changed, and says what failed', async () => {
    withNetworking();
    api.state.failing = ['PUT /apis/networking.k8s.io/v1/namespaces/entando/ingresses/reference-app'];
    await expect((await start()).configure({ loadBalancer: 'naive' })).rejects.toThrow(/injected failure/);
    expect(api.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/services/reference-app'))).toHaveLength(2);
    expect(api.state.services!['reference-app']!.spec!.publishNotReadyAddresses).toBe(false);
    expect(backends()).toEqual(['reference-app-edge']);
  });

  it("rolls the edge out without its cookie for affinity none and each instance's own script, and puts both back", async () => {
    withEdge();
    const deployed = edge();
    const restore = await (await start()).configure({ replicas: 2, assets: 'per-instance', affinity: 'none' });
    expect(appEnv()).toMatchObject({ ASSETS: 'per-instance' });
    expect(edge().config).toBe(edgeConfig({ ...EDGE, affinity: 'none' }));
    expect(edge().config).not.toMatch(/cookie|dynamic-cookie-key/);
    expect(edge().hash).toBe(configHash(edge().config));
    expect(edge().hash).not.toBe(deployed.hash);
    expect(annotations(api.state.services!['reference-app']!)).toEqual([]);
    expect(annotations(api.state.ingresses!['reference-app']!)).toEqual([]);
    // Written, then waited for: the edge's rollout, and its one pod of the new configuration.
    const after = api.requests.slice(api.requests.findIndex((r) => r.method === 'PUT' && r.path.endsWith('/deployments/reference-app-edge')));
    expect(after.some((r) => r.method === 'GET' && r.path === '/apis/apps/v1/namespaces/entando/deployments/reference-app-edge')).toBe(true);
    expect(after.some((r) => r.path === '/api/v1/namespaces/entando/pods?labelSelector=app.kubernetes.io%2Fname%3Dreference-app-edge')).toBe(true);
    await restore();
    expect(edge()).toEqual(deployed);
    expect(appEnv()).not.toHaveProperty('ASSETS');
    expect(annotations(api.state.services!['reference-app']!)).toHaveLength(2);
    expect(annotations(api.state.ingresses!['reference-app']!)).toHaveLength(2);
  });

  it('leaves the edge and the annotations as deployed for affinity cookie, and behind the nginx class drops its pod cookie for none', async () => {
    withEdge('nginx');
    const deployed = edge();
    await (await start()).configure({ affinity: 'cookie' });
    expect(api.requests.filter((r) => r.method === 'PUT')).toEqual([]);
    const restore = await (await start()).configure({ affinity: 'none', loadBalancer: 'naive' });
    expect(deployed.config).toContain('cookie ROUTE_POD insert');
    expect(edge().config).toBe(edgeConfig({ ...EDGE, ingressClass: 'nginx', affinity: 'none' }));
    expect(backends()).toEqual(['reference-app']);
    expect(annotations(api.state.ingresses!['reference-app']!)).toEqual([]);
    await restore();
    expect(edge()).toEqual(deployed);
    expect(annotations(api.state.ingresses!['reference-app']!)).toEqual(['nginx.ingress.kubernetes.io/affinity', 'nginx.ingress.kubernetes.io/session-cookie-name']);
  });

  it('refuses, before changing anything, an edge whose configuration the suite did not write', async () => {
    withEdge();
    api.state.configMaps!['reference-app-edge']!.data!['haproxy.cfg'] = edgeConfig({ ...EDGE, cookieKey: 'another' });
    await expect((await start()).configure({ loadBalancer: 'naive', affinity: 'none' })).rejects.toThrow(/runs a configuration this suite does not write/);
    expect(api.requests.filter((r) => r.method === 'PUT')).toEqual([]);
  });

  it('refuses to start on a context that is not allowed, saying how to allow it', async () => {
    const kc = await api.start();
    kc.contexts.push({ name: 'production', cluster: 'fake', user: 'tester' });
    await expect(new KubernetesTarget().withKubeConfig(kc).withContext('production').withIngressUrl(ingressUrl).start()).rejects.toThrow(
      'kube context "production" is not on the allowlist (kind-*); faults are injected only into clusters meant for it. To allow it: CHAOS_ALLOWED_CONTEXTS=production',
    );
  });

  it('says which deployment is missing and how to deploy it', async () => {
    api.state.deployments = {};
    await expect(start()).rejects.toThrow(/deployment reference-app not found in entando on kind-fake .*npm run cluster:up/);
  });
});

describe('guardrails and process lookup', () => {
  it('matches context patterns with wildcards', () => {
    expect(() => assertContextAllowed('kind-entando-chaos', ['kind-*'])).not.toThrow();
    expect(() => assertContextAllowed('gke_prod', ['kind-*', 'minikube'])).toThrow(GuardrailError);
  });

  it('picks the application process from /proc, not the shell running the lookup', () => {
    const listing = '1 /bin/sh /entrypoint.sh\n357 java -Ddb.password=hunter2 -jar server.jar\n412 sh -c for d in /proc/[0-9]*\n';
    expect(pickProcess(listing, /\bjava\b/)).toEqual({ pid: 357, executable: 'java' });
    expect(pickProcess('1 node /app/server.cjs\n', /\bnode\b/)).toEqual({ pid: 1, executable: 'node' });
    expect(pickProcess('1 /sbin/docker-init -- node /app/server.cjs\n7 node /app/server.cjs\n', /\bnode\b/)).toEqual({ pid: 7, executable: 'node' });
    // What an error message may show: pids and executables, never arguments.
    expect(summarizeProcesses(listing)).toBe('1 /bin/sh, 357 java, 412 sh');
  });
});

describe('Redis on the Kubernetes target (fake API server, scripted redis-cli answers)', () => {
  const FQDN = (pod: string) => `${pod}.redis-headless.entando.svc.cluster.local`;
  const records = (entries: Record<string, string>[]) => entries.flatMap((e) => Object.entries(e).flat()).join('\n');

  /** The Sentinel set of reference/redis-sentinel.yaml, its sentinels naming the master by address as seen on kind. */
  function sentinelSet() {
    const ip = (i: number) => `10.244.${i + 1}.5`;
    api.state.deployments['reference-app']!.env = [{ name: 'REDIS_ADDRESSES', value: 'redis-sentinel:26379' }];
    for (let i = 0; i < 3; i++) {
      const member = pod(`redis-node-${i}`, `worker-${i + 1}`, { labels: { 'app.kubernetes.io/name': 'redis' } });
      member.status!.podIP = ip(i);
      api.state.pods.push(member, pod(`redis-sentinel-${i}`, `worker-${i + 1}`, { labels: { 'app.kubernetes.io/name': 'redis-sentinel' } }));
      api.state.logs[`redis-sentinel-${i}`] = `1:X 26 Nov 2026 10:00:0${i}.100 # +monitor master mymaster ${ip(0)} 6379 quorum 2\n1:X 26 Nov 2026 10:00:0${i}.900 * +slave slave ${FQDN('redis-node-1')}:6379\n`;
    }
    const answers: Record<string, (pod: string) => ExecAnswer> = {
      'redis-cli ROLE': (p) => ({ stdout: p === 'redis-node-0' ? 'master\n77\n' : `slave\n${FQDN('redis-node-0')}\n6379\nconnected\n77\n` }),
      'redis-cli -p 26379 SENTINEL get-master-addr-by-name mymaster': () => ({ stdout: `${ip(0)}\n6379\n` }),
      'redis-cli -p 26379 SENTINEL REPLICAS mymaster': () => ({
        stdout: records([1, 2].map((i) => ({ name: `${ip(i)}:6379`, ip: ip(i), flags: 'slave', 'master-link-status': 'ok' }))),
      }),
      'redis-cli -p 26379 SENTINEL SENTINELS mymaster': (p) => ({
        stdout: records([0, 1, 2].filter((i) => p !== `redis-sentinel-${i}`).map((i) => ({ name: `id${i}`, ip: FQDN(`redis-sentinel-${i}`).replace('redis-headless', 'redis-sentinel-headless'), flags: 'sentinel' }))),
      }),
    };
    api.state.exec = (p, _container, command) => answers[command.join(' ')]?.(p);
  }

  it('names the master the sentinels give by address, reads the roles, and settles', async () => {
    sentinelSet();
    const target = await start();
    expect(await target.redisMaster()).toEqual({ name: 'redis-node-0', node: 'worker-1' });
    expect(await target.redisRoles()).toEqual({ 'redis-node-0': 'master', 'redis-node-1': 'slave', 'redis-node-2': 'slave' });
    await expect(target.waitForRedisSettled({ timeoutMs: 2_000 })).resolves.toBeUndefined();
    const exec = api.requests.find((r) => r.path.includes('/pods/redis-sentinel-0/exec'));
    expect(exec?.path).toContain('container=sentinel');
  });

  it("returns the sentinels' logs, line by line", async () => {
    sentinelSet();
    const logs = await (await start()).redisLogs();
    const sentinel = logs.find((l) => l.name === 'redis-sentinel-1');
    expect(sentinel?.lines).toEqual([expect.stringContaining('+monitor master mymaster'), expect.stringContaining('+slave slave redis-node-1.')]);
    expect(logs.map((l) => l.name)).toEqual(expect.arrayContaining(['redis-sentinel-0', 'redis-sentinel-2', 'redis-node-0', 'redis-6d8f9']));
  });

  it('will not settle a scenario on a one-node Redis that a sentinel made a replica: warns naming its master, fails, puts back', async () => {
    withNetworking();
    api.state.exec = (name) => (name === 'redis-6d8f9' ? { stdout: 'slave\n10.244.2.9\n6379\nconnected\n5120\n' } : undefined);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await expect((await start()).configure({ loadBalancer: 'naive' })).rejects.toThrow(
        'the one-node Redis redis must be a master, but it replicates 10.244.2.9:6379',
      );
      expect(stderr.mock.calls.map(([line]) => String(line)).join('')).toContain('WARN the one-node Redis redis is a replica of 10.244.2.9:6379');
    } finally {
      stderr.mockRestore();
    }
    expect(backends()).toEqual(['reference-app-edge']);
  });
});
