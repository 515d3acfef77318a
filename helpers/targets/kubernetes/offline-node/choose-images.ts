// Official images first; where they cannot be pulled (an air-gapped network, these machines),
// the offline build's equivalents, made once and then reused.
import { log } from '../../../log/log.js';
import { pullFailure } from '../../../docker/docker-cli.js';
import { envVar } from '../../../suite/environment.js';
import { KIND_NODE_IMAGE } from '../kind-cli.js';
import { ensureOfflineNodeImage, ensureOfflineTraefikImage } from './node-image.js';

export const TRAEFIK_IMAGE = 'traefik:v3.6';

async function officialOr(image: string, what: string, offline: () => Promise<string>): Promise<string> {
  const failure = await pullFailure(image);
  if (failure === undefined) return image;
  log.info(`${what} ${image} is not here and cannot be pulled (${failure}); using the offline build (README: air-gapped)`);
  return offline();
}

/** CHAOS_KIND_NODE_IMAGE, else kind's own node image, else the offline one. */
export function kindNodeImage(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const chosen = envVar('CHAOS_KIND_NODE_IMAGE', env);
  if (chosen) return Promise.resolve(chosen);
  return officialOr(KIND_NODE_IMAGE, "kind's node image", ensureOfflineNodeImage);
}

export function traefikImage(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const chosen = envVar('CHAOS_TRAEFIK_IMAGE', env);
  if (chosen) return Promise.resolve(chosen);
  return officialOr(TRAEFIK_IMAGE, "Traefik's image", ensureOfflineTraefikImage);
}
