// The offline node image's pins and manifests, checked without building anything: the pins
// must describe one coherent release, and what kind applies must be valid Kubernetes.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseManifest, validateObject } from '../manifests.js';
import { COMPONENTS_DIR, pinnedVersion } from './components.js';

const goMod = (component: string) => readFile(`${COMPONENTS_DIR}/${component}/go.mod`, 'utf8');

describe('offline node image pins', () => {
  it("puts every Kubernetes staging module at the release that matches k8s.io/kubernetes", async () => {
    const kubernetes = await pinnedVersion('kubernetes');
    const staging = `v0.${kubernetes.slice(3)}`;
    const replaces = [...(await goMod('kubernetes')).matchAll(/^\s+(k8s\.io\/\S+) => \1 (v\S+)$/gm)];
    expect(replaces.length).toBeGreaterThan(25);
    expect(replaces.filter(([, , version]) => version !== staging).map(([line]) => line.trim())).toEqual([]);
  });

  it("pins etcd's sibling modules at the server's own version", async () => {
    const server = await pinnedVersion('etcd');
    const siblings = [...(await goMod('etcd')).matchAll(/^\s+go\.etcd\.io\/etcd\/(api|client\/pkg|client|pkg)\/v3 (v\S+)/gm)];
    expect(siblings.map(([, , version]) => version)).toEqual(Array(4).fill(server));
  });

  it('reads a pinned version from its go.mod', async () => {
    expect(await pinnedVersion('crictl')).toMatch(/^v1\.\d+\.\d+$/);
  });
});

describe('offline pod network manifest', () => {
  it('is valid Kubernetes once kind fills it', async () => {
    const file = 'fixtures/offline-kind/cni/default-cni.yaml';
    const text = (await readFile(file, 'utf8')).replace('OFFLINE_CNI_IMAGE', 'entando-chaos/offline-cni:test');
    const objects = parseManifest(text, file);
    expect(objects.map((o) => o.kind)).toEqual(['ClusterRole', 'ClusterRoleBinding', 'ServiceAccount', 'DaemonSet']);
    expect(objects.map((o) => validateObject(o, file)).filter(Boolean)).toEqual([]);
  });
});
