// A Docker image made without any registry: a Debian root filesystem by debootstrap from the
// mirror apt already uses on this machine, `docker import`ed. The embedded target's images and
// the offline kind node image both start from one.
import { rm } from 'node:fs/promises';
import { execa } from 'execa';
import { log } from '../log/log.js';
import { withProgress } from '../log/progress.js';
import { envVar } from '../suite/environment.js';
import { findDebianMirror } from './apt-mirror.js';

export const DEBIAN_SUITE = 'bookworm';
/** On every image the offline builds make, so they can be told from pulled ones. */
export const OFFLINE_LABEL = 'org.entando-chaos.offline';
// Dropped from the root filesystem before import: apt's downloaded packages, docs, translations.
const TRIM = ['var/cache/apt/archives', 'var/lib/apt/lists', 'usr/share/doc', 'usr/share/man', 'usr/share/locale'];

export interface DebianImageSpec {
  /** The image to create. */
  tag: string;
  packages: readonly string[];
  /** Fixed per image, so that a build interrupted half-way is wiped by the next one. */
  rootfsDir: string;
}

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

export async function buildDebianImage(spec: DebianImageSpec): Promise<void> {
  if (process.getuid?.() !== 0) {
    throw new Error(`building ${spec.tag} runs debootstrap, which needs root; run it as root once`);
  }
  await ensureDebootstrap();
  const mirror = envVar('CHAOS_DEBIAN_MIRROR') ?? (await findDebianMirror(DEBIAN_SUITE));
  await rm(spec.rootfsDir, { recursive: true, force: true });
  const started = performance.now();
  log.info(`building a Debian ${DEBIAN_SUITE} root filesystem for ${spec.tag} with debootstrap from ${mirror} (about a minute)`);
  const build = execa('debootstrap', ['--variant=minbase', `--include=${spec.packages.join(',')}`, DEBIAN_SUITE, spec.rootfsDir, mirror]);
  try {
    await withProgress(`debootstrap for ${spec.tag}`, build);
  } catch (error) {
    const tail = String((error as { stdout?: string }).stdout ?? '').split('\n').slice(-5).join(' | ');
    throw new Error(`debootstrap from ${mirror} failed: ${tail}`, { cause: error });
  }
  for (const path of TRIM) await rm(`${spec.rootfsDir}/${path}`, { recursive: true, force: true });
  log.info(`importing the root filesystem as ${spec.tag}`);
  // buffer: false, or execa would hold the whole archive in memory.
  await execa('tar', ['-C', spec.rootfsDir, '-c', '.'], { buffer: false }).pipe('docker', ['import', '--change', `LABEL ${OFFLINE_LABEL}=true`, '-', spec.tag]);
  await rm(spec.rootfsDir, { recursive: true, force: true });
  log.info(`${spec.tag} ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
