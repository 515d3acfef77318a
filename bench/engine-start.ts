// The Entando 6.2 App Engine's topology on the embedded target (2 instances, PostgreSQL with both
// databases, HAProxy): the image's build, the target's start and its memory at rest. `--cold`
// first removes the engine's images (its own and the JRE base) and Maven's target/, so the build
// figure includes the base's debootstrap and a full `mvn package` (Maven's local repository is
// kept: on a new machine its 220 MB download comes on top); without it only a warm check of the
// image is timed. Memory: `docker stats` less page cache, 30 s after the target is ready.
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { containerMemoryBytes, containerName, dockerApi, runContainers } from '../helpers/docker/docker-api.js';
import { docker } from '../helpers/docker/docker-cli.js';
import { ENGINE_DIR, ENGINE_REPOSITORY, ensureEngineImage, JRE_BASE } from '../helpers/targets/entando-engine-image.js';
import { LocalTarget } from '../helpers/targets/local-docker/local-target.js';
import { timed } from './support/timed.js';
import { writeFigures } from './write-figures.js';

const cold = process.argv.includes('--cold');
const WARM_RUNS = 2;
const SETTLE_MS = 30_000;
const mib = (bytes: number) => Number((bytes / 2 ** 20).toFixed(0));

if (cold) {
  const images = await (await dockerApi()).listImages({ filters: { reference: [`${ENGINE_REPOSITORY}:*`] } });
  for (const tag of [...images.flatMap((i) => i.RepoTags ?? []), JRE_BASE]) await docker(['rmi', '-f', tag]).catch(() => {});
  await rm(`${ENGINE_DIR}target`, { recursive: true, force: true });
}
const build = await timed(() => ensureEngineImage());

const starts: number[] = [];
let memory: Record<string, number> = {};
for (let i = 0; i < WARM_RUNS; i++) {
  const { seconds, value: target } = await timed(() => new LocalTarget().withApp('entando-engine').start());
  starts.push(seconds);
  await sleep(SETTLE_MS);
  memory = {};
  for (const c of await runContainers(target.description.runId)) memory[containerName(c).replace(`${target.description.runId}-`, '')] = await containerMemoryBytes(c.Id);
  await target.stop();
}
const instances = Object.entries(memory).filter(([name]) => /^app-\d+$/.test(name));
await writeFigures('engine-start', {
  layout: 'Entando 6.2.27 App Engine: 2 instances (Tomcat 9, Java 17), PostgreSQL (portdb + servdb), HAProxy; no Redis',
  imageBuildSeconds: build.seconds,
  imageBuild: cold ? 'cold: JRE base debootstrap + mvn package (Maven repository kept) + docker build' : 'warm: image present, sources hashed',
  warmStartSeconds: starts,
  memoryTotalMiB: mib(Object.values(memory).reduce((a, b) => a + b, 0)),
  memoryPerInstanceMiB: instances.map(([, bytes]) => mib(bytes)),
  memoryMiBByContainer: Object.fromEntries(Object.entries(memory).map(([k, v]) => [k, mib(v)])),
});
