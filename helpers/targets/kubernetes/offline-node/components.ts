// The kind node's components built from source on a machine that reaches only package
// registries: Go modules pinned in fixtures/offline-kind/components/<name>/go.mod, and the pause
// container from Kubernetes' own C source. Each output is cached under .tools/offline-kind/ by
// version; Go's build cache makes a rebuild after a version bump cost minutes, not the cold hour.
import { mkdir, readFile, rename, stat } from 'node:fs/promises';
import { execa } from 'execa';
import { log } from '../../../log/log.js';
import { withProgress } from '../../../log/progress.js';
import { PROJECT_ROOT } from '../../../paths.js';

export const COMPONENTS_DIR = `${PROJECT_ROOT}fixtures/offline-kind/components`;
const OUTPUT_DIR = `${PROJECT_ROOT}.tools/offline-kind`;

export type Component = 'kubernetes' | 'etcd' | 'coredns' | 'crictl' | 'traefik';

interface GoComponent {
  module: string;
  /** binary name → Go package */
  binaries: Record<string, string>;
  ldflags?: (version: string) => string[];
}

// Without these, the binaries say v0.0.0-master and kubeadm refuses to pick images for them.
const kubernetesVersionFlags = (version: string) => {
  const [major, minor] = version.slice(1).split('.');
  return ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version'].flatMap((pkg) =>
    Object.entries({ gitVersion: version, gitMajor: major, gitMinor: minor, gitTreeState: 'clean', gitCommit: '0'.repeat(40) }).map(
      ([name, value]) => `-X ${pkg}.${name}=${value}`,
    ),
  );
};

const GO_COMPONENTS: Record<Component, GoComponent> = {
  kubernetes: {
    module: 'k8s.io/kubernetes',
    binaries: Object.fromEntries(
      ['kubeadm', 'kubelet', 'kubectl', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kube-proxy'].map((b) => [b, `k8s.io/kubernetes/cmd/${b}`]),
    ),
    ldflags: kubernetesVersionFlags,
  },
  etcd: { module: 'go.etcd.io/etcd/server/v3', binaries: { etcd: 'go.etcd.io/etcd/server/v3' } },
  coredns: { module: 'github.com/coredns/coredns', binaries: { coredns: 'github.com/coredns/coredns' } },
  crictl: {
    module: 'sigs.k8s.io/cri-tools',
    binaries: { crictl: 'sigs.k8s.io/cri-tools/cmd/crictl' },
    ldflags: (version) => [`-X sigs.k8s.io/cri-tools/pkg/version.Version=${version}`],
  },
  traefik: {
    module: 'github.com/traefik/traefik/v3',
    binaries: { traefik: 'github.com/traefik/traefik/v3/cmd/traefik' },
    ldflags: (version) => [`-X github.com/traefik/traefik/v3/pkg/version.Version=${version}`],
  },
};

/** The version a component's go.mod pins. */
export async function pinnedVersion(component: Component): Promise<string> {
  const { module } = GO_COMPONENTS[component];
  const goMod = await readFile(`${COMPONENTS_DIR}/${component}/go.mod`, 'utf8');
  const version = new RegExp(`^require ${module.replaceAll('.', '\\.')} (v\\S+)`, 'm').exec(goMod)?.[1];
  if (!version) throw new Error(`${COMPONENTS_DIR}/${component}/go.mod does not pin ${module}`);
  return version;
}

/** Where a pinned module's source is, downloaded through the module proxy. */
export async function moduleSource(module: string, version: string, cwd = COMPONENTS_DIR): Promise<string> {
  const { stdout } = await execa('go', ['mod', 'download', '-json', `${module}@${version}`], { cwd });
  return (JSON.parse(stdout) as { Dir: string }).Dir;
}

const exists = (path: string) => stat(path).then(() => true, () => false);

async function goBuild(component: Component, version: string, dir: string): Promise<void> {
  const { binaries, ldflags } = GO_COMPONENTS[component];
  for (const [binary, pkg] of Object.entries(binaries)) {
    if (await exists(`${dir}/${binary}`)) continue;
    log.info(`building ${binary} ${version} from source with Go (cold: many minutes; cached afterwards)`);
    const build = execa('go', ['build', '-trimpath', '-ldflags', ['-s', '-w', ...(ldflags?.(version) ?? [])].join(' '), '-o', `${dir}/${binary}.partial`, pkg], {
      cwd: `${COMPONENTS_DIR}/${component}`,
      env: { CGO_ENABLED: '0' },
    });
    try {
      await withProgress(`go build ${binary} ${version}`, build);
    } catch (error) {
      const stderr = String((error as { stderr?: string }).stderr ?? '').trim().split('\n').slice(-5).join(' | ');
      throw new Error(`building ${binary} ${version} (${pkg}) failed: ${stderr}`, { cause: error });
    }
    await rename(`${dir}/${binary}.partial`, `${dir}/${binary}`);
  }
}

export type Binaries = Record<string, string>;

export function binaryPath(binaries: Binaries, name: string): string {
  const path = binaries[name];
  if (!path) throw new Error(`the offline build made no ${name} binary (made: ${Object.keys(binaries).join(', ')})`);
  return path;
}

/** Builds whatever of these components is missing; binary name → path. */
export async function buildGoComponents(components: Component[]): Promise<Binaries> {
  const paths: Binaries = {};
  for (const component of components) {
    const version = await pinnedVersion(component);
    const dir = `${OUTPUT_DIR}/${component}-${version}`;
    await mkdir(dir, { recursive: true });
    await goBuild(component, version, dir);
    for (const binary of Object.keys(GO_COMPONENTS[component].binaries)) paths[binary] = `${dir}/${binary}`;
  }
  return paths;
}

/** pause.c from the pinned Kubernetes source, static, so it runs on an empty image; its path. */
export async function buildPause(pauseVersion: string): Promise<string> {
  const dir = `${OUTPUT_DIR}/pause-${pauseVersion}`;
  if (await exists(`${dir}/pause`)) return `${dir}/pause`;
  await mkdir(dir, { recursive: true });
  const kubernetes = await pinnedVersion('kubernetes');
  const source = `${await moduleSource('k8s.io/kubernetes', kubernetes, `${COMPONENTS_DIR}/kubernetes`)}/build/pause/linux/pause.c`;
  try {
    await execa('gcc', ['-Os', '-static', '-Wall', `-DVERSION=v${pauseVersion}`, '-o', `${dir}/pause.partial`, source]);
  } catch (error) {
    throw new Error(`building the pause container from ${source} failed (gcc and a static libc are needed: apt-get install gcc libc6-dev): ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  await rename(`${dir}/pause.partial`, `${dir}/pause`);
  return `${dir}/pause`;
}
