// The reference application's image: the TypeScript sources bundled by esbuild into one file
// on top of a Node.js image. Tagged by content, so an unchanged app is not rebuilt.
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { log } from '../log/log.js';
import { docker, imageExists, imageId } from '../docker/docker-cli.js';

const APP_DIR = fileURLToPath(new URL('../../fixtures/reference-app/', import.meta.url));
export const REFERENCE_APP_REPOSITORY = 'entando-chaos/reference-app';

export async function bundleReferenceApp(outfile: string) {
  await build({
    entryPoints: [`${APP_DIR}src/server.ts`],
    outfile,
    bundle: true,
    platform: 'node',
    // Debian bookworm's Node.js, which the offline image carries.
    target: 'node18',
    format: 'cjs',
    // pg's optional native binding is never used.
    external: ['pg-native'],
    logLevel: 'error',
  });
}

export async function ensureReferenceAppImage(nodeImage: string): Promise<string> {
  // A directory of its own: test workers may build at the same time.
  const dir = await mkdtemp(`${tmpdir()}/reference-app-build-`);
  try {
    await bundleReferenceApp(`${dir}/server.cjs`);
    await copyFile(`${APP_DIR}Dockerfile`, `${dir}/Dockerfile`);
    const hash = createHash('sha256')
      .update(await readFile(`${dir}/server.cjs`))
      .update(await readFile(`${dir}/Dockerfile`))
      .update(await imageId(nodeImage))
      .digest('hex')
      .slice(0, 12);
    const tag = `${REFERENCE_APP_REPOSITORY}:${hash}`;
    if (!(await imageExists(tag))) {
      log.info(`building ${tag} on ${nodeImage}`);
      await docker(['build', '-q', '--build-arg', `NODE_IMAGE=${nodeImage}`, '-t', tag, dir]);
    }
    return tag;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
