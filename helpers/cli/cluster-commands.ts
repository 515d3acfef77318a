// `cluster:up` / `cluster:down`: a kind cluster with the ingress controller, PostgreSQL,
// Redis and the application in the reference or entando profile. Idempotent: a running
// cluster is reused and manifests are applied again. kind is built with Go when missing.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { AppsV1Api, CoreV1Api, KubeConfig, KubernetesObjectApi, PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';
import { parse as parseYaml, stringify } from 'yaml';
import { z } from 'zod';
import { log } from '../log/log.js';
import { withProgress } from '../log/progress.js';
import { registerSecret } from '../log/redact.js';
import { preflight } from '../probes/preflight.js';
import { PROJECT_ROOT, REPORTS_DIR } from '../paths.js';
import { DEFAULT_INGRESS_PORT, DEFAULT_NAMESPACE } from '../targets/kubernetes/kubernetes-target.js';
import { edgeValues } from '../targets/kubernetes/edge-config.js';
import { loadManifests, PROFILE_FILES, type KubeObject } from '../targets/kubernetes/manifests.js';
import { PROFILE_NAMES, PROFILES } from '../targets/kubernetes/profiles.js';
import { kubernetesRedis } from '../targets/kubernetes/redis-on-kubernetes.js';
import { waitForRedisSettled } from '../targets/redis-topology.js';
import { CLUSTER_NAME, kind } from '../targets/kubernetes/kind-cli.js';
import { kindKubeconfigName } from '../targets/kubernetes/kind-node.js';
import { kindNodeImage, traefikImage } from '../targets/kubernetes/offline-node/choose-images.js';
import { waitForDeploymentRolledOut, waitForPodsRunningReady } from '../targets/kubernetes/wait-for-kube.js';
import { imageExists } from '../docker/docker-cli.js';
import { ensureImages } from '../targets/local-docker/images.js';
import { ensureReferenceAppImage } from '../targets/reference-app-image.js';
import { waitFor } from '../wait/wait-for.js';
import { MAX_REPLICAS } from '../targets/topology.js';
import { envVar } from '../suite/environment.js';
import { choice, integer, parse, parseFlags } from './args.js';

/** kind-config.yaml with the ingress published on the wanted 127.0.0.1 port. */
export async function kindConfig(port: number): Promise<string> {
  const config = parseYaml(await readFile(`${PROJECT_ROOT}kind-config.yaml`, 'utf8'));
  config.nodes[0].extraPortMappings[0].hostPort = port;
  return stringify(config);
}

/** Server-side apply: creates what is missing, updates what exists, whatever its resourceVersion. */
async function apply(kc: KubeConfig, objects: KubeObject[]) {
  const client = KubernetesObjectApi.makeApiClient(kc);
  for (const object of objects) {
    await client.patch(object as unknown as KubernetesObject, undefined, undefined, 'entando-chaos', true, PatchStrategy.ServerSideApply);
  }
}

export const CLUSTER_UP_FLAGS = {
  profile: choice(PROFILE_NAMES).default('reference'),
  redis: choice(['single', 'sentinel']).optional(),
  'ingress-class': choice(['traefik', 'nginx']).default('traefik'),
  port: integer(1024, 65535).optional(),
  replicas: integer(1, MAX_REPLICAS).default(2),
  'app-image': z.string().min(1).optional(),
};

export async function clusterUp(argv: string[]) {
  const flags = parseFlags(argv, CLUSTER_UP_FLAGS);
  const { profile, replicas } = flags;
  const redis = flags.redis ?? (profile === 'entando' ? 'sentinel' : 'single');
  const ingressClass = flags['ingress-class'];
  const port = flags.port ?? envVar('CHAOS_INGRESS_PORT') ?? DEFAULT_INGRESS_PORT;
  const clusters = String((await kind(['get', 'clusters'])).stdout).split('\n');
  if (clusters.includes(CLUSTER_NAME)) {
    log.info(`reusing the running kind cluster ${CLUSTER_NAME}`);
  } else {
    await mkdir(REPORTS_DIR, { recursive: true });
    const configFile = `${REPORTS_DIR}/kind-config.generated.yaml`;
    await writeFile(configFile, await kindConfig(port));
    log.info(`creating kind cluster ${CLUSTER_NAME} (1 control-plane, 3 workers; ingress on 127.0.0.1:${port})`);
    const image = await kindNodeImage();
    await kind(['create', 'cluster', '--name', CLUSTER_NAME, '--config', configFile, '--wait', '300s', '--image', image], { stdio: 'inherit' });
  }

  const images = await ensureImages();
  // An image under test (the release gate) replaces the reference app, or becomes the EntandoApp's server image.
  const app = flags['app-image'] ?? (await ensureReferenceAppImage(images.node));
  const traefik = await traefikImage();
  // Images only in a registry are pulled by the nodes themselves. One archive for all of them,
  // so the layers they share cross into the nodes once.
  const local = [];
  for (const image of [app, images.postgres, images.redis, images.haproxy, traefik]) if (await imageExists(image)) local.push(image);
  log.info(`loading ${local.join(', ')} into the cluster's nodes`);
  await withProgress('kind load docker-image', kind(['load', 'docker-image', ...local, '--name', CLUSTER_NAME]));

  const kc = new KubeConfig();
  kc.loadFromDefault();
  kc.setCurrentContext(kindKubeconfigName(CLUSTER_NAME));
  const core = kc.makeApiClient(CoreV1Api);
  // A re-run keeps the secrets of the first: PostgreSQL's data still has the first password.
  const existing = await core.readNamespacedSecret({ name: 'reference-app-credentials', namespace: DEFAULT_NAMESPACE }).then((s) => s.data ?? {}, () => ({}) as Record<string, string>);
  const secret = (key: string) => {
    const value = existing[key] ? Buffer.from(existing[key], 'base64').toString('utf8') : randomBytes(18).toString('base64url');
    registerSecret(value);
    return value;
  };
  const cookieKey = secret('cookieKey');
  const values = {
    NAMESPACE: DEFAULT_NAMESPACE,
    REPLICAS: String(replicas),
    POSTGRES_IMAGE: images.postgres,
    REDIS_IMAGE: images.redis,
    APP_IMAGE: app,
    TRAEFIK_IMAGE: traefik,
    CLIENT_SECRET: secret('clientSecret'),
    ADMIN_PASSWORD: secret('adminPassword'),
    SIGNING_KEY: secret('signingKey'),
    DB_PASSWORD: secret('dbPassword'),
    COOKIE_KEY: cookieKey,
    HAPROXY_IMAGE: images.haproxy,
    ...edgeValues({
      namespace: DEFAULT_NAMESPACE,
      nameserver: (await core.readNamespacedService({ name: 'kube-dns', namespace: 'kube-system' })).spec!.clusterIP!,
      healthPath: PROFILES.reference.healthPath,
      cookieKey,
      ingressClass,
    }),
    REDIS_ADDRESSES: redis === 'sentinel' ? 'redis-sentinel:26379' : '',
    INGRESS_CLASS: ingressClass,
    INGRESS_HOST: `entando.127.0.0.1.nip.io`,
  };
  const files = [...PROFILE_FILES.ingress, ...(profile === 'reference' ? PROFILE_FILES.reference : PROFILE_FILES.entando), ...(profile === 'reference' && redis === 'sentinel' ? PROFILE_FILES['reference-sentinel'] : [])];
  const objects = await loadManifests(files, values);
  if (flags['app-image'] && profile === 'entando') {
    const entandoApp = objects.find((o) => o.kind === 'EntandoApp') as { spec: Record<string, unknown> } | undefined;
    if (entandoApp) entandoApp.spec.customServerImage = flags['app-image'];
  }
  await apply(kc, objects);
  try {
    await waitForPodsRunningReady(core, 'traefik', 'app.kubernetes.io/name=traefik', 1, { timeoutMs: 300_000 });
    if (profile === 'reference') {
      const { deployment, redis: sentinelSet } = PROFILES.reference;
      // Rolled out, not merely N ready pods: a re-run may be replacing the pods a scenario changed.
      const apps = kc.makeApiClient(AppsV1Api);
      // The one-node Redis too: a re-run replaces a pod an earlier run may have left a replica.
      for (const name of [deployment, `${deployment}-edge`, sentinelSet.singleDeployment]) await waitForDeploymentRolledOut(apps, DEFAULT_NAMESPACE, name, { timeoutMs: 300_000 });
      if (redis === 'sentinel') {
        for (const selector of [sentinelSet.selector, sentinelSet.sentinelSelector]) await waitForPodsRunningReady(core, DEFAULT_NAMESPACE, selector, 3, { timeoutMs: 300_000 });
      }
    } else {
      await waitForPodsRunningReady(core, DEFAULT_NAMESPACE, 'EntandoApp=quickstart', replicas, { timeoutMs: 1_200_000 });
    }
    // Up means ready for a fault: the layout the application uses, every Redis in its role.
    await waitForRedisSettled(await kubernetesRedis(kc, DEFAULT_NAMESPACE, PROFILES[profile]));
    // Through the ingress, as the probes will reach it: Traefik may still be reading the Ingress.
    const health = `http://127.0.0.1:${port}/entando-de-app/api/health`;
    await waitFor(`${health} answering through the ingress`, () =>
      preflight(health, 2_000).then(({ status }) => ({ done: true, state: `HTTP ${status}` }), (error: Error) => ({ done: false, state: error.message })),
      { timeoutMs: 60_000 },
    );
  } catch (error) {
    // Say why: the namespace's latest events.
    const events = (await core.listNamespacedEvent({ namespace: DEFAULT_NAMESPACE })).items.slice(-15);
    log.warn(`the application did not become ready; latest events in ${DEFAULT_NAMESPACE}:\n${events.map((e) => `  ${e.reason}: ${e.involvedObject.kind}/${e.involvedObject.name}: ${e.message}`).join('\n')}`);
    throw error;
  }
  process.stdout.write(`kind cluster ${CLUSTER_NAME} is up: ${profile} profile at http://127.0.0.1:${port}/entando-de-app/\nRun the scenarios on it with: CHAOS_TARGET=kind npm test\n`);
}

export async function clusterDown(argv: string[]) {
  parse(argv, {});
  await kind(['delete', 'cluster', '--name', CLUSTER_NAME], { stdio: 'inherit' });
}

export async function clusterImages(argv: string[]) {
  parse(argv, {});
  process.stdout.write(`${await kindNodeImage()}\n${await traefikImage()}\n`);
}
