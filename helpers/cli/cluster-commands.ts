// `cluster:up` / `cluster:down`: a kind cluster with the ingress controller, PostgreSQL,
// Redis (where the profile has it) and the application in the reference, entando or
// entando-engine profile. Idempotent: a running cluster is reused and manifests are applied
// again. kind is built with Go when missing.
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
import { PROFILE_NAMES, PROFILES, type Profile } from '../targets/kubernetes/profiles.js';
import { engineDefaultCredentials, ENGINE_SERV_DATABASE } from '../targets/entando-engine-app.js';
import { ensureEngineImage } from '../targets/entando-engine-image.js';
import { CLUSTER_NAME, kind } from '../targets/kubernetes/kind-cli.js';
import { kindKubeconfigName } from '../targets/kubernetes/kind-node.js';
import { kindNodeImage, traefikImage } from '../targets/kubernetes/offline-node/choose-images.js';
import { waitForProfileReady } from '../targets/kubernetes/profile-readiness.js';
import { imageExists } from '../docker/docker-cli.js';
import { ensureImages, type ImageSet } from '../targets/local-docker/images.js';
import { ensureReferenceAppImage } from '../targets/reference-app-image.js';
import { waitFor } from '../wait/wait-for.js';
import { MAX_REPLICAS } from '../targets/topology.js';
import { envVar } from '../suite/environment.js';
import { choice, integer, parse, parseFlags, UsageError } from './args.js';

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

/**
 * The values the suite generated on the first run, as it made them: a re-run keeps them
 * (PostgreSQL's data still has the first password, the engine's data the first key). A cluster
 * runs one profile, so whichever profile's Secret holds a value has the one in use.
 */
async function keptSecrets(core: CoreV1Api): Promise<(key: string) => string> {
  const read = (name: string) => core.readNamespacedSecret({ name, namespace: DEFAULT_NAMESPACE }).then((s) => s.data ?? {}, () => ({}) as Record<string, string>);
  const [reference, engine, db] = await Promise.all(['reference-app-credentials', 'entando-engine-credentials', 'postgresql-credentials'].map(read));
  const existing: Record<string, string | undefined> = {
    ...reference,
    signingKey: reference!.signingKey ?? engine!.algoKey,
    cookieKey: reference!.cookieKey ?? engine!.cookieKey,
    // Before PostgreSQL had a Secret of its own, its password was the reference app's dbPassword.
    dbPassword: db!.password ?? reference!.dbPassword,
  };
  return (key) => {
    const kept = existing[key];
    const value = kept ? Buffer.from(kept, 'base64').toString('utf8') : randomBytes(18).toString('base64url');
    registerSecret(value);
    return value;
  };
}

export const CLUSTER_UP_FLAGS = {
  profile: choice(PROFILE_NAMES).default('reference'),
  redis: choice(['single', 'sentinel']).optional(),
  'ingress-class': choice(['traefik', 'nginx']).default('traefik'),
  port: integer(1024, 65535).optional(),
  replicas: integer(1, MAX_REPLICAS).default(2),
  'app-image': z.string().min(1).optional(),
};

/** The manifests a profile deploys; Redis's layout matters only to the profiles that run one. */
function profileFiles(profile: Profile['name'], redis: 'single' | 'sentinel'): string[] {
  const own = profile === 'reference' ? [...PROFILE_FILES.reference, ...(redis === 'sentinel' ? PROFILE_FILES['reference-sentinel'] : [])] : PROFILE_FILES[profile];
  return [...PROFILE_FILES.ingress, ...own];
}

/** A cluster runs one profile: the Ingresses of two would claim the same paths. */
async function refuseOtherProfile(apps: AppsV1Api, profile: Profile['name']) {
  for (const other of PROFILE_NAMES.filter((name) => name !== profile)) {
    const found = await apps.readNamespacedDeployment({ name: PROFILES[other].deployment, namespace: DEFAULT_NAMESPACE }).then(() => true, () => false);
    if (found) throw new Error(`kind cluster ${CLUSTER_NAME} already runs the ${other} profile (deployment ${PROFILES[other].deployment}); run npm run cluster:down first to deploy the ${profile} profile`);
  }
}

/** The image of the profile's application: the one under test (the release gate), else the suite's own build. */
async function appImage(profile: Profile['name'], given: string | undefined, images: ImageSet): Promise<string> {
  if (given) return given;
  return profile === 'entando-engine' ? ensureEngineImage() : ensureReferenceAppImage(images.node);
}

export async function clusterUp(argv: string[]) {
  const flags = parseFlags(argv, CLUSTER_UP_FLAGS);
  const { profile, replicas } = flags;
  if (profile === 'entando-engine' && flags.redis) throw new UsageError('--redis: the entando-engine profile runs no Redis (its caches are per instance); leave the flag out');
  const redis = flags.redis ?? (profile === 'entando' ? 'sentinel' : 'single');
  const ingressClass = flags['ingress-class'];
  const port = flags.port ?? envVar('CHAOS_INGRESS_PORT') ?? DEFAULT_INGRESS_PORT;
  const kc = () => {
    const config = new KubeConfig();
    config.loadFromDefault();
    config.setCurrentContext(kindKubeconfigName(CLUSTER_NAME));
    return config;
  };
  const clusters = String((await kind(['get', 'clusters'])).stdout).split('\n');
  if (clusters.includes(CLUSTER_NAME)) {
    log.info(`reusing the running kind cluster ${CLUSTER_NAME}`);
    await refuseOtherProfile(kc().makeApiClient(AppsV1Api), profile);
  } else {
    await mkdir(REPORTS_DIR, { recursive: true });
    const configFile = `${REPORTS_DIR}/kind-config.generated.yaml`;
    await writeFile(configFile, await kindConfig(port));
    log.info(`creating kind cluster ${CLUSTER_NAME} (1 control-plane, 3 workers; ingress on 127.0.0.1:${port})`);
    const image = await kindNodeImage();
    await kind(['create', 'cluster', '--name', CLUSTER_NAME, '--config', configFile, '--wait', '300s', '--image', image], { stdio: 'inherit' });
  }

  const images = await ensureImages();
  // An image under test (the release gate) replaces the profile's application, or becomes the EntandoApp's server image.
  const app = await appImage(profile, flags['app-image'], images);
  const traefik = await traefikImage();
  // Images only in a registry are pulled by the nodes themselves. One archive for all of them,
  // so the layers they share cross into the nodes once.
  const local = [];
  for (const image of [app, images.postgres, images.redis, images.haproxy, traefik]) if (await imageExists(image)) local.push(image);
  log.info(`loading ${local.join(', ')} into the cluster's nodes`);
  await withProgress('kind load docker-image', kind(['load', 'docker-image', ...local, '--name', CLUSTER_NAME]));

  const config = kc();
  const core = config.makeApiClient(CoreV1Api);
  const secret = await keptSecrets(core);
  const cookieKey = secret('cookieKey');
  const p = PROFILES[profile];
  const engine = engineDefaultCredentials();
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
    ENGINE_CLIENT_ID: engine.clientId,
    ENGINE_CLIENT_SECRET: engine.clientSecret,
    ENGINE_ADMIN_PASSWORD: engine.password,
    ENGINE_SERV_DATABASE,
    ...edgeValues({
      namespace: DEFAULT_NAMESPACE,
      app: p.deployment,
      nameserver: (await core.readNamespacedService({ name: 'kube-dns', namespace: 'kube-system' })).spec!.clusterIP!,
      healthPath: p.healthPath,
      cookieKey,
      ingressClass,
    }),
    REDIS_ADDRESSES: redis === 'sentinel' ? 'redis-sentinel:26379' : '',
    INGRESS_CLASS: ingressClass,
    INGRESS_HOST: `entando.127.0.0.1.nip.io`,
  };
  const objects = await loadManifests(profileFiles(profile, redis), values);
  if (flags['app-image'] && profile === 'entando') {
    const entandoApp = objects.find((o) => o.kind === 'EntandoApp') as { spec: Record<string, unknown> } | undefined;
    if (entandoApp) entandoApp.spec.customServerImage = flags['app-image'];
  }
  await apply(config, objects);
  try {
    await waitForProfileReady(config, profile, { replicas, redis });
    // Through the ingress, as the probes will reach it: Traefik may still be reading the Ingress.
    const health = `http://127.0.0.1:${port}${p.healthPath}`;
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
  const run = profile === 'reference' ? 'CHAOS_TARGET=kind npm test' : `CHAOS_TARGET=kind CHAOS_PROFILE=${profile} npm start -- --assess`;
  process.stdout.write(`kind cluster ${CLUSTER_NAME} is up: ${profile} profile at http://127.0.0.1:${port}${p.contextPath}/\nRun the ${profile === 'reference' ? 'scenarios' : 'assessment'} on it with: ${run}\n`);
}

export async function clusterDown(argv: string[]) {
  parse(argv, {});
  await kind(['delete', 'cluster', '--name', CLUSTER_NAME], { stdio: 'inherit' });
}

export async function clusterImages(argv: string[]) {
  parse(argv, {});
  process.stdout.write(`${await kindNodeImage()}\n${await traefikImage()}\n`);
}
