// The offline kind cluster (README: air-gapped): how long its images take to build, how long
// a cluster takes to come up, and the memory it holds at rest. Build figures, in one run:
//   rebuild: node and Traefik images and binaries removed, Go's build cache kept (a version bump);
//   reuse:   everything cached (every cluster:up after the first);
//   cold:    with --cold, first an empty Go build cache (a temporary GOCACHE) and no Debian base
//            either: a new machine. Modules already downloaded stay (they are network, not build).
// Then, unless --no-cluster: the cluster deleted and `npm run cluster:up` timed, memory read
// (--redis single|sentinel, default sentinel: the layout .ci/run tests). --no-build measures only that.
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { execa } from 'execa';
import { log } from '../helpers/log/log.js';
import { OFFLINE_LABEL } from '../helpers/images/debian-image.js';
import { PROJECT_ROOT } from '../helpers/paths.js';
import { containerMemoryBytes, containerName } from '../helpers/docker/docker-api.js';
import { kindNodeContainers } from '../helpers/targets/kubernetes/kind-node.js';
import { docker } from '../helpers/docker/docker-cli.js';
import { CLUSTER_NAME, kind } from '../helpers/targets/kubernetes/kind-cli.js';
import { pinnedVersion } from '../helpers/targets/kubernetes/offline-node/components.js';
import { ensureOfflineNodeImage, ensureOfflineTraefikImage } from '../helpers/targets/kubernetes/offline-node/node-image.js';
import { writeFigures } from './write-figures.js';
import { timed } from './support/timed.js';

const cold = process.argv.includes('--cold');
const withCluster = !process.argv.includes('--no-cluster');
const withBuild = !process.argv.includes('--no-build');
const redisAt = process.argv.indexOf('--redis');
const redis = redisAt > 0 ? process.argv[redisAt + 1] : 'sentinel';
if (redis !== 'single' && redis !== 'sentinel') throw new Error(`--redis must be single or sentinel, got ${redis}`);

/** Removes what the offline kind build made: its images (the Debian base too when cold) and binaries. */
async function removeOutputs(includingBase: boolean) {
  const images = (await docker(['images', '--filter', `label=${OFFLINE_LABEL}=true`, '--format', '{{.Repository}}:{{.Tag}}'])).split('\n');
  const ours = images.filter((i) => /^(entando-chaos\/(kind-node|offline-cni|traefik)|registry\.k8s\.io\/)/.test(i) || (includingBase && i.startsWith('entando-chaos/kind-base:')));
  if (ours.length > 0) await docker(['rmi', '-f', ...ours]);
  await rm(`${PROJECT_ROOT}.tools/offline-kind`, { recursive: true, force: true });
}

async function timedStep(what: string, work: () => Promise<unknown>): Promise<number> {
  const { seconds } = await timed(work);
  log.info(`${what}: ${seconds} s`);
  return seconds;
}

const buildImages = async () => {
  await ensureOfflineNodeImage();
  await ensureOfflineTraefikImage();
};

async function nodeMemoryMiB(): Promise<Record<string, number>> {
  const nodes = await kindNodeContainers(CLUSTER_NAME);
  const memory: Record<string, number> = {};
  for (const node of nodes) memory[containerName(node)] = Number(((await containerMemoryBytes(node.Id)) / 2 ** 20).toFixed(0));
  return memory;
}

let coldSeconds: number | null = null;
let rebuildSeconds: number | null = null;
let reuseSeconds: number | null = null;
if (cold && withBuild) {
  process.env.GOCACHE = await mkdtemp(`${tmpdir()}/entando-chaos-gocache-`);
  await removeOutputs(true);
  coldSeconds = await timedStep('cold build (empty Go cache, no Debian base)', buildImages);
  await rm(process.env.GOCACHE, { recursive: true, force: true });
  delete process.env.GOCACHE;
}
if (withBuild) {
  await removeOutputs(false);
  rebuildSeconds = await timedStep('rebuild (Go cache kept)', buildImages);
  reuseSeconds = await timedStep('reuse (images exist)', buildImages);
}

let cluster: Record<string, unknown> | null = null;
if (withCluster) {
  await kind(['delete', 'cluster', '--name', CLUSTER_NAME]);
  const upSeconds = await timedStep('npm run cluster:up (reference profile)', () =>
    execa('npx', ['tsx', 'helpers/cli/entando-chaos.ts', 'cluster:up', '--redis', redis], { cwd: PROJECT_ROOT, stderr: 'inherit' }),
  );
  // At rest, not while pods are still starting.
  await sleep(30_000);
  const memory = await nodeMemoryMiB();
  cluster = {
    layout: `1 control-plane + 3 workers; Traefik, HAProxy edge, PostgreSQL, ${redis === 'sentinel' ? 'Redis with 3 sentinels' : 'one Redis'}, 2 reference-app replicas`,
    upSeconds,
    memoryTotalMiB: Object.values(memory).reduce((a, b) => a + b, 0),
    memoryMiBByNode: memory,
  };
}

await writeFigures('offline-kind', {
  kubernetes: await pinnedVersion('kubernetes'),
  buildSeconds: { cold: coldSeconds, rebuild: rebuildSeconds, reuse: reuseSeconds },
  cluster,
});
