// Start time and memory of the embedded target (2 instances and Redis Sentinel, the largest
// default layout). `--cold` first removes the offline images, so the figure includes their
// build; without it the images exist and only containers start (warm).
// Goals (issue 2): warm start <= 30 s; memory <= 1.5 GiB.
import { setTimeout as sleep } from 'node:timers/promises';
import { containerMemoryBytes, containerName, runContainers } from '../helpers/docker/docker-api.js';
import { LocalTarget } from '../helpers/targets/local-docker/local-target.js';
import { docker } from '../helpers/docker/docker-cli.js';
import { OFFLINE_BASE, OFFLINE_ROLES, offlineImage } from '../helpers/targets/local-docker/offline-build.js';
import { writeFigures } from './write-figures.js';

const cold = process.argv.includes('--cold');
const WARM_RUNS = 3;

async function memoryBytes(runId: string): Promise<Record<string, number>> {
  const perContainer: Record<string, number> = {};
  for (const c of await runContainers(runId)) {
    perContainer[containerName(c).replace(`${runId}-`, '')] = await containerMemoryBytes(c.Id);
  }
  return perContainer;
}

async function startOnce() {
  const started = performance.now();
  const target = await new LocalTarget().withReplicas(2).withRedis('sentinel').start();
  const seconds = (performance.now() - started) / 1000;
  // Settle, so that memory is measured at rest rather than during startup.
  await sleep(5_000);
  const memory = await memoryBytes(target.description.runId);
  await target.stop();
  return { seconds, memory };
}

if (cold) {
  for (const image of [...OFFLINE_ROLES.map(offlineImage), OFFLINE_BASE]) await docker(['rmi', '-f', image]).catch(() => {});
}
const coldRun = cold ? await startOnce() : undefined;
const warm = [];
for (let i = 0; i < WARM_RUNS; i++) warm.push(await startOnce());
const warmSeconds = warm.map((r) => r.seconds).sort((a, b) => a - b);
const last = warm[warm.length - 1]!.memory;
const totalMiB = Object.values(last).reduce((a, b) => a + b, 0) / 2 ** 20;
await writeFigures('topology-start', {
  layout: '2 instances, PostgreSQL, Redis Sentinel (3 redis + 3 sentinels), HAProxy',
  coldStartSeconds: coldRun ? Number(coldRun.seconds.toFixed(1)) : null,
  warmStartSeconds: warmSeconds.map((s) => Number(s.toFixed(1))),
  warmStartMedianSeconds: Number(warmSeconds[Math.floor(warmSeconds.length / 2)]!.toFixed(1)),
  memoryTotalMiB: Number(totalMiB.toFixed(0)),
  memoryMiBByContainer: Object.fromEntries(Object.entries(last).map(([k, v]) => [k, Number((v / 2 ** 20).toFixed(1))])),
  goals: { warmStartSeconds: 30, memoryTotalMiB: 1536 },
});
