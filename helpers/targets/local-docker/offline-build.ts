// Builds the images the embedded target needs on a machine that cannot pull any: a Debian
// root filesystem by debootstrap from the mirror apt already uses, `docker import`ed once,
// then one thin image per role from fixtures/images/<role>/Dockerfile.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { log } from '../../log/log.js';
import { buildDebianImage, DEBIAN_SUITE as SUITE } from '../../images/debian-image.js';
import { docker, imageExists } from '../../docker/docker-cli.js';

export const OFFLINE_ROLES = ['postgres', 'redis', 'haproxy', 'node'] as const;
export type OfflineRole = (typeof OFFLINE_ROLES)[number];

const PACKAGES = ['postgresql', 'redis-server', 'redis-sentinel', 'haproxy', 'nodejs', 'procps', 'tini', 'iproute2'];
const IMAGES_DIR = fileURLToPath(new URL('../../../fixtures/images/', import.meta.url));

const packagesHash = createHash('sha256').update(PACKAGES.join(',')).digest('hex').slice(0, 10);
export const OFFLINE_BASE = `entando-chaos/base:${SUITE}-${packagesHash}`;
export const offlineImage = (role: OfflineRole) => `entando-chaos/${role}:${SUITE}-${packagesHash}`;

/** Builds whatever offline images are missing; returns the role images' names. */
export async function buildOfflineImages(): Promise<Record<OfflineRole, string>> {
  const missing: OfflineRole[] = [];
  for (const role of OFFLINE_ROLES) if (!(await imageExists(offlineImage(role)))) missing.push(role);
  if (missing.length > 0) {
    if (!(await imageExists(OFFLINE_BASE))) {
      await buildDebianImage({ tag: OFFLINE_BASE, packages: PACKAGES, rootfsDir: '/var/tmp/entando-chaos/rootfs' });
    }
    for (const role of missing) {
      const dir = `${IMAGES_DIR}${role}`;
      if (!existsSync(`${dir}/Dockerfile`)) throw new Error(`missing ${dir}/Dockerfile`);
      log.info(`building ${offlineImage(role)}`);
      await docker(['build', '-q', '--build-arg', `BASE=${OFFLINE_BASE}`, '-t', offlineImage(role), dir]);
    }
  }
  return Object.fromEntries(OFFLINE_ROLES.map((role) => [role, offlineImage(role)])) as Record<OfflineRole, string>;
}
