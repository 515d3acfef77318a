// The real Entando 6.2 App Engine's image: the WAR that fixtures/entando-engine assembles with
// Maven (Maven Central only) on Tomcat 9, over an offline Debian base with Java 17 and
// ImageMagick. Tagged by the hash of everything it is made from, so an unchanged engine is
// neither rebuilt nor repackaged: the second build is an image lookup.
import { createHash } from 'node:crypto';
import { copyFile, readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { log } from '../log/log.js';
import { withProgress } from '../log/progress.js';
import { buildDebianImage, DEBIAN_SUITE } from '../images/debian-image.js';
import { docker, imageExists, imageId } from '../docker/docker-cli.js';

export const ENGINE_DIR = fileURLToPath(new URL('../../fixtures/entando-engine/', import.meta.url));
export const ENGINE_REPOSITORY = 'entando-chaos/entando-engine';

const JRE_PACKAGES = ['openjdk-17-jre-headless', 'imagemagick', 'procps'];
const jreHash = createHash('sha256').update(JRE_PACKAGES.join(',')).digest('hex').slice(0, 10);
export const JRE_BASE = `entando-chaos/jre:${DEBIAN_SUITE}-${jreHash}`;

/** Every file the image is made from, sorted, relative to ENGINE_DIR: not target/ (Maven's output), not the tests. */
async function sourceFiles(dir = ''): Promise<string[]> {
  const entries = await readdir(`${ENGINE_DIR}${dir}`, { withFileTypes: true });
  const files = await Promise.all(
    entries
      .filter((e) => !(dir === '' && e.name === 'target') && !e.name.endsWith('.test.ts'))
      .map((e) => (e.isDirectory() ? sourceFiles(`${dir}${e.name}/`) : Promise.resolve([`${dir}${e.name}`]))),
  );
  return files.flat().sort();
}

async function sourceHash(base: string): Promise<string> {
  const hash = createHash('sha256').update(await imageId(base));
  for (const file of await sourceFiles()) hash.update(file).update(await readFile(`${ENGINE_DIR}${file}`));
  return hash.digest('hex').slice(0, 12);
}

async function mavenPackage(): Promise<void> {
  const args = ['-B', '-q', '-s', `${ENGINE_DIR}settings.xml`, '-f', `${ENGINE_DIR}pom.xml`, 'package'];
  log.info('assembling the Entando 6.2 App Engine WAR with Maven (from Maven Central; about 2 min and 220 MB the first time)');
  try {
    await withProgress('mvn package (fixtures/entando-engine)', execa('mvn', args, { all: true }));
  } catch (error) {
    const tail = String((error as { all?: string }).all ?? '').split('\n').filter(Boolean).slice(-15).join('\n');
    throw new Error(`mvn package in fixtures/entando-engine failed:\n${tail}`, { cause: error });
  }
}

/** The engine's image, built when missing; its tag. */
export async function ensureEngineImage(): Promise<string> {
  if (!(await imageExists(JRE_BASE))) {
    await buildDebianImage({ tag: JRE_BASE, packages: JRE_PACKAGES, rootfsDir: '/var/tmp/entando-chaos/rootfs-jre' });
  }
  const tag = `${ENGINE_REPOSITORY}:${await sourceHash(JRE_BASE)}`;
  if (await imageExists(tag)) return tag;
  await mavenPackage();
  // Maven's package phase leaves Tomcat and the JDBC driver in target/image; the rest joins them.
  const context = `${ENGINE_DIR}target/image/`;
  await copyFile(`${ENGINE_DIR}target/entando-de-app.war`, `${context}entando-de-app.war`);
  await copyFile(`${ENGINE_DIR}Dockerfile`, `${context}Dockerfile`);
  for (const file of ['server.xml', 'setenv.sh']) await copyFile(`${ENGINE_DIR}tomcat/${file}`, `${context}${file}`);
  log.info(`building ${tag} on ${JRE_BASE}`);
  await withProgress(`docker build ${tag}`, docker(['build', '-q', '--build-arg', `BASE=${JRE_BASE}`, '-t', tag, context]));
  return tag;
}
