// Builds the images the embedded target needs on a machine that cannot pull any: a Debian
// root filesystem by debootstrap from the mirror apt already uses, `docker import`ed once,
// then one thin image per role from fixtures/images/<role>/Dockerfile.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { log } from '../../log/log.js';
import { findDebianMirror } from './apt-mirror.js';
import { docker, imageExists } from './docker-cli.js';

export const OFFLINE_ROLES = ['postgres', 'redis', 'haproxy', 'node'] as const;
export type OfflineRole = (typeof OFFLINE_ROLES)[number];

const SUITE = 'bookworm';
const PACKAGES = ['postgresql', 'redis-server', 'redis-sentinel', 'haproxy', 'nodejs', 'procps', 'tini', 'iproute2'];
// Fixed, so that a build interrupted half-way is wiped by the next one.
const ROOTFS_DIR = '/var/tmp/entando-chaos/rootfs';
// Dropped from the root filesystem before import: apt's downloaded packages, docs, translations.
const TRIM = ['var/cache/apt/archives', 'var/lib/apt/lists', 'usr/share/doc', 'usr/share/man', 'usr/share/locale'];
const IMAGES_DIR = fileURLToPath(new URL('../../../fixtures/images/', import.meta.url));

const packagesHash = createHash('sha256').update(PACKAGES.join(',')).digest('hex').slice(0, 10);
export const OFFLINE_BASE = `entando-chaos/base:${SUITE}-${packagesHash}`;
export const offlineImage = (role: OfflineRole) => `entando-chaos/${role}:${SUITE}-${packagesHash}`;

async function ensureDebootstrap() {
  try {
    await execa('debootstrap', ['--version']);
    return;
  } catch {
    if (process.getuid?.() !== 0) {
      throw new Error('debootstrap is not installed and this is not root: run `sudo apt-get install -y debootstrap`');
    }
  }
  log.info('installing debootstrap from Debian packages');
  await execa('apt-get', ['install', '-y', '-q', 'debootstrap'], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
}

async function buildBase() {
  if (process.getuid?.() !== 0) {
    throw new Error(`the offline image build runs debootstrap, which needs root; run it as root once (npm run images)`);
  }
  await ensureDebootstrap();
  const mirror = process.env.CHAOS_DEBIAN_MIRROR || (await findDebianMirror(SUITE));
  await rm(ROOTFS_DIR, { recursive: true, force: true });
  const started = performance.now();
  log.info(`building a Debian ${SUITE} root filesystem with debootstrap from ${mirror} (about a minute)`);
  const build = execa('debootstrap', ['--variant=minbase', `--include=${PACKAGES.join(',')}`, SUITE, ROOTFS_DIR, mirror]);
  const ticker = setInterval(
    () => log.info(`debootstrap still running (${((performance.now() - started) / 1000).toFixed(0)} s)`),
    15_000,
  );
  try {
    await build;
  } catch (error) {
    const tail = String((error as { stdout?: string }).stdout ?? '').split('\n').slice(-5).join(' | ');
    throw new Error(`debootstrap from ${mirror} failed: ${tail}`, { cause: error });
  } finally {
    clearInterval(ticker);
  }
  for (const path of TRIM) await rm(`${ROOTFS_DIR}/${path}`, { recursive: true, force: true });
  log.info(`importing the root filesystem as ${OFFLINE_BASE}`);
  // buffer: false, or execa would hold the whole archive in memory.
  await execa('tar', ['-C', ROOTFS_DIR, '-c', '.'], { buffer: false })
    .pipe('docker', ['import', '--change', 'LABEL org.entando-chaos.offline=true', '-', OFFLINE_BASE]);
  await rm(ROOTFS_DIR, { recursive: true, force: true });
  log.info(`base image ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Builds whatever offline images are missing; returns the role images' names. */
export async function buildOfflineImages(): Promise<Record<OfflineRole, string>> {
  const missing: OfflineRole[] = [];
  for (const role of OFFLINE_ROLES) if (!(await imageExists(offlineImage(role)))) missing.push(role);
  if (missing.length > 0) {
    if (!(await imageExists(OFFLINE_BASE))) await buildBase();
    for (const role of missing) {
      const dir = `${IMAGES_DIR}${role}`;
      if (!existsSync(`${dir}/Dockerfile`)) throw new Error(`missing ${dir}/Dockerfile`);
      log.info(`building ${offlineImage(role)}`);
      await docker(['build', '-q', '--build-arg', `BASE=${OFFLINE_BASE}`, '-t', offlineImage(role), dir]);
    }
  }
  return Object.fromEntries(OFFLINE_ROLES.map((role) => [role, offlineImage(role)])) as Record<OfflineRole, string>;
}
