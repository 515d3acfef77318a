// The kind node image, made where no registry can be reached: kind's base files from its Go
// module on a Debian root filesystem (systemd, containerd, runc, CNI plugins from Debian), the
// Kubernetes components built from source, and the images kubeadm asks for preloaded into the
// node's containerd the way `kind build node-image` does it. Cached by a hash of its inputs.
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { buildDebianImage, DEBIAN_SUITE, OFFLINE_LABEL } from '../../../images/debian-image.js';
import { log } from '../../../log/log.js';
import { withProgress } from '../../../log/progress.js';
import { PROJECT_ROOT } from '../../../paths.js';
import { docker, imageExists } from '../../../docker/docker-cli.js';
import { KIND_VERSION } from '../kind-cli.js';
import { binaryPath, buildGoComponents, buildPause, moduleSource, pinnedVersion, type Binaries } from './components.js';

const FIXTURES = `${PROJECT_ROOT}fixtures/offline-kind`;
const WORK_DIR = '/var/tmp/entando-chaos/offline-kind';
const BUILD_LABEL = 'org.entando-chaos.offline-kind-build';

// What kind's base image installs, from Debian instead of from source.
const BASE_PACKAGES = [
  'systemd', 'containerd', 'runc', 'containernetworking-plugins', 'conntrack', 'iptables', 'nftables', 'iproute2',
  'ethtool', 'util-linux', 'mount', 'kmod', 'libseccomp2', 'pigz', 'e2fsprogs', 'bash', 'ca-certificates', 'curl', 'jq', 'procps',
];

interface ComponentImage {
  binaries: string[];
  /** On the node's Debian userland rather than an empty image: the binary runs tools. */
  userland?: boolean;
  entrypoint?: string;
}

// By the last segment of the repository kubeadm names.
const COMPONENT_IMAGES: Record<string, ComponentImage> = {
  'kube-apiserver': { binaries: ['kube-apiserver'] },
  'kube-controller-manager': { binaries: ['kube-controller-manager'] },
  'kube-scheduler': { binaries: ['kube-scheduler'] },
  'kube-proxy': { binaries: ['kube-proxy'], userland: true },
  etcd: { binaries: ['etcd'] },
  coredns: { binaries: ['coredns'], entrypoint: '/usr/local/bin/coredns' },
  pause: { binaries: ['pause'], entrypoint: '/usr/local/bin/pause' },
};

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
}

/** Changes whenever anything the image is made of changes: pins, fixtures, this build's code. */
async function inputsHash(): Promise<string> {
  const hash = createHash('sha256').update(`${KIND_VERSION}\n${DEBIAN_SUITE}\n${BASE_PACKAGES.join(',')}\n`);
  const code = [new URL(import.meta.url).pathname, new URL('./components.js', import.meta.url).pathname.replace(/\.js$/, '.ts')];
  const fixtures = (await Promise.all(['node', 'cni', 'components'].map((dir) => filesUnder(`${FIXTURES}/${dir}`)))).flat();
  for (const file of [...fixtures, ...code]) hash.update(file.slice(PROJECT_ROOT.length)).update(await readFile(file));
  return hash.digest('hex').slice(0, 10);
}

/** The node image's name for the pinned versions; whether it exists yet is another matter. */
export async function offlineNodeImageName(): Promise<string> {
  return `entando-chaos/kind-node:${await pinnedVersion('kubernetes')}-${await inputsHash()}`;
}

async function buildImage(tag: string, context: string, dockerfile: string, files: Record<string, string>, args: Record<string, string> = {}) {
  await rm(context, { recursive: true, force: true });
  await mkdir(context, { recursive: true });
  await writeFile(`${context}/Dockerfile`, dockerfile);
  for (const [target, source] of Object.entries(files)) await cp(source, `${context}/${target}`, { recursive: true });
  // The module cache is read-only; the context must stay removable.
  await execa('chmod', ['-R', 'u+w', context]);
  const buildArgs = Object.entries(args).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]);
  await withProgress(`docker build ${tag}`, docker(['build', '-q', ...buildArgs, '-t', tag, context]));
  await rm(context, { recursive: true, force: true });
}

function componentDockerfile(image: ComponentImage, userland: string): string {
  return [
    `FROM ${image.userland ? userland : 'scratch'}`,
    'COPY bin/ /usr/local/bin/',
    'ENV PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin',
    `LABEL ${OFFLINE_LABEL}=true`,
    ...(image.entrypoint ? [`ENTRYPOINT ["${image.entrypoint}"]`] : []),
    '',
  ].join('\n');
}

/** Imports image archives into the stage image's containerd, unpacked later on the node, and commits. */
async function preload(stage: string, tag: string, images: string[]) {
  const archive = `${WORK_DIR}/images.tar`;
  await mkdir(WORK_DIR, { recursive: true });
  log.info(`preloading ${images.length} images into the node's containerd`);
  await docker(['save', '-o', archive, ...images]);
  // Not privileged: containerd only stores the archives' content here, it unpacks nothing.
  const container = await docker(['run', '-d', '--label', `${BUILD_LABEL}=true`, '--entrypoint', 'sleep', stage, 'infinity']);
  try {
    await docker(['cp', archive, `${container}:/kind/images.tar`]);
    const script = [
      'containerd >/tmp/containerd.log 2>&1 &',
      'for i in $(seq 100); do ctr version >/dev/null 2>&1 && break; sleep 0.1; done',
      'ctr --namespace=k8s.io images import --all-platforms --no-unpack --digests /kind/images.tar',
      'rm /kind/images.tar /tmp/containerd.log',
      'kill %1; wait',
    ].join('\n');
    await withProgress('importing images into containerd', docker(['exec', container, 'bash', '-ec', script]));
    await docker(['commit', '--change', 'ENTRYPOINT ["/usr/local/bin/writable-cgroups", "/sbin/init"]', '--change', 'CMD []', container, tag]);
  } finally {
    await docker(['rm', '-f', container]);
    await rm(archive, { force: true });
  }
}

/** Containers left by an interrupted build. */
async function removeLeftovers() {
  const ids = (await docker(['ps', '-aq', '--filter', `label=${BUILD_LABEL}`])).split('\n').filter(Boolean);
  if (ids.length > 0) await docker(['rm', '-f', ...ids]);
}

export async function ensureKindBase(): Promise<string> {
  const tag = `entando-chaos/kind-base:${DEBIAN_SUITE}-${createHash('sha256').update(BASE_PACKAGES.join(',')).digest('hex').slice(0, 10)}`;
  if (!(await imageExists(tag))) await buildDebianImage({ tag, packages: BASE_PACKAGES, rootfsDir: `${WORK_DIR}/rootfs` });
  return tag;
}

/** The images `kubeadm config images list` names, each made from a binary built here. */
async function componentImages(binaries: Binaries, kubernetesVersion: string, base: string, hash: string): Promise<string[]> {
  const { stdout } = await execa(binaryPath(binaries, 'kubeadm'), ['config', 'images', 'list', '--kubernetes-version', kubernetesVersion]);
  const wanted = stdout.split('\n').filter(Boolean);
  const images: string[] = [];
  for (const name of wanted) {
    const repository = name.slice(0, name.lastIndexOf(':'));
    const image = COMPONENT_IMAGES[repository.slice(repository.lastIndexOf('/') + 1)];
    if (!image) throw new Error(`kubeadm ${kubernetesVersion} asks for ${name}, which the offline build does not make (known: ${Object.keys(COMPONENT_IMAGES).join(', ')})`);
    if (image.binaries.includes('pause')) binaries.pause = await buildPause(name.slice(name.lastIndexOf(':') + 1));
    const files = Object.fromEntries(image.binaries.map((b) => [`bin/${b}`, binaryPath(binaries, b)]));
    if (!(await imageExists(name))) await buildImage(name, `${WORK_DIR}/image`, componentDockerfile(image, base), files);
    images.push(name);
  }
  const cni = `entando-chaos/offline-cni:${hash}`;
  if (!(await imageExists(cni))) {
    await buildImage(cni, `${WORK_DIR}/image`, componentDockerfile({ binaries: [], userland: true }, base), {
      'bin/kubectl': binaryPath(binaries, 'kubectl'),
      'bin/offline-cni.sh': `${FIXTURES}/cni/offline-cni.sh`,
    });
  }
  return [...images, cni];
}

/** The offline node image: built when missing (cold: the Kubernetes compile dominates), else reused. */
export async function ensureOfflineNodeImage(): Promise<string> {
  const tag = await offlineNodeImageName();
  if (await imageExists(tag)) return tag;
  const started = performance.now();
  log.info(`building the offline kind node image ${tag}`);
  await removeLeftovers();
  const kubernetesVersion = await pinnedVersion('kubernetes');
  const binaries = await buildGoComponents(['kubernetes', 'etcd', 'coredns', 'crictl']);
  const base = await ensureKindBase();
  const hash = tag.slice(tag.lastIndexOf('-') + 1);
  const images = await componentImages(binaries, kubernetesVersion, base, hash);
  const pause = images.find((i) => /\/pause:/.test(i))!;
  const kindSource = await moduleSource('sigs.k8s.io/kind', KIND_VERSION);
  const cniManifest = (await readFile(`${FIXTURES}/cni/default-cni.yaml`, 'utf8')).replace('OFFLINE_CNI_IMAGE', images.at(-1)!);
  await writeFile(`${WORK_DIR}/default-cni.yaml`, cniManifest);
  const stage = `${tag}-stage`;
  await buildImage(stage, `${WORK_DIR}/node`, await readFile(`${FIXTURES}/node/Dockerfile`, 'utf8'), {
    'kind-base': `${kindSource}/images/base/files`,
    ...Object.fromEntries(['kubeadm', 'kubelet', 'kubectl', 'crictl'].map((b) => [`bin/${b}`, binaryPath(binaries, b)])),
    'default-cni.yaml': `${WORK_DIR}/default-cni.yaml`,
    'writable-cgroups': `${FIXTURES}/node/writable-cgroups`,
  }, { BASE: base, KUBERNETES_VERSION: kubernetesVersion, PAUSE_IMAGE: pause });
  await preload(stage, tag, images);
  await docker(['rmi', stage]);
  // Earlier builds of the node image are 1.5 GB each; only the current one is ever used.
  const stale = (await docker(['images', '--format', '{{.Repository}}:{{.Tag}}', 'entando-chaos/kind-node'])).split('\n').filter((t) => t && t !== tag);
  if (stale.length > 0) await docker(['rmi', ...stale]).catch((error: Error) => log.warn(`could not remove older node images: ${error.message}`));
  log.info(`offline kind node image ${tag} ready in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return tag;
}

/** Traefik's image where its official one cannot be pulled: the binary built from source on an empty image. */
export async function ensureOfflineTraefikImage(): Promise<string> {
  const version = await pinnedVersion('traefik');
  const tag = `entando-chaos/traefik:${version}`;
  if (await imageExists(tag)) return tag;
  const binaries = await buildGoComponents(['traefik']);
  const image = { binaries: ['traefik'], entrypoint: '/usr/local/bin/traefik' };
  await buildImage(tag, `${WORK_DIR}/image`, componentDockerfile(image, ''), { 'bin/traefik': binaryPath(binaries, 'traefik') });
  return tag;
}
