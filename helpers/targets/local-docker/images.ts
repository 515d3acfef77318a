// Which image each role of the embedded target runs. Official images by default, names from
// configuration (CHAOS_IMAGE_<ROLE>); when one is neither present nor pullable, the offline
// build (offline-build.ts) makes an equivalent and that is used instead.
import { log } from '../../log/log.js';
import { pullFailure } from '../../docker/docker-cli.js';
import { envVar } from '../../suite/environment.js';
import { buildOfflineImages, OFFLINE_ROLES, type OfflineRole } from './offline-build.js';

export const OFFICIAL_IMAGES: Record<OfflineRole, string> = {
  postgres: 'postgres:16-bookworm',
  redis: 'redis:7.2-bookworm',
  haproxy: 'haproxy:2.8-bookworm',
  node: 'node:20-bookworm-slim',
};

export type ImageSet = Record<OfflineRole, string>;

export function configuredImages(env: NodeJS.ProcessEnv = process.env): ImageSet {
  return Object.fromEntries(
    OFFLINE_ROLES.map((role) => [role, envVar(`CHAOS_IMAGE_${role.toUpperCase() as Uppercase<OfflineRole>}`, env) ?? OFFICIAL_IMAGES[role]]),
  ) as ImageSet;
}

const resolutions = new Map<string, Promise<ImageSet>>();

async function resolve(wanted: ImageSet): Promise<ImageSet> {
  const resolved = { ...wanted };
  const unavailable: OfflineRole[] = [];
  let firstFailure = '';
  for (const role of OFFLINE_ROLES) {
    const failure = await pullFailure(wanted[role]);
    if (failure === undefined) continue;
    unavailable.push(role);
    firstFailure ||= failure;
  }
  if (unavailable.length > 0) {
    log.info(
      `images ${unavailable.map((r) => wanted[r]).join(', ')} are not here and cannot be pulled (${firstFailure}); ` +
        'using the offline build (built once, then cached)',
    );
    const offline = await buildOfflineImages();
    for (const role of unavailable) resolved[role] = offline[role];
  }
  return resolved;
}

/** Resolves every role to an image that exists locally, building offline ones if needed; once per process. */
export function ensureImages(wanted: ImageSet = configuredImages()): Promise<ImageSet> {
  const key = JSON.stringify(wanted);
  let resolution = resolutions.get(key);
  if (!resolution) {
    resolution = resolve(wanted);
    resolutions.set(key, resolution);
    resolution.catch(() => resolutions.delete(key));
  }
  return resolution;
}
