// `up`, `down` and `images`: the embedded target by hand, for people following the guide's
// manual steps (with `watch` in another terminal) and for cleaning up after KEEP_ON_FAILURE.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { log } from '../log/log.js';
import { removeRuns } from '../targets/local-docker/cleanup.js';
import { dockerApi, isLease } from '../docker/docker-api.js';
import { ensureImages } from '../targets/local-docker/images.js';
import { LABELS } from '../docker/labels.js';
import { LocalTarget } from '../targets/local-docker/local-target.js';
import { leaseHeld } from '../targets/local-docker/run-liveness.js';
import { APP_PROFILES } from '../targets/local-docker/app-profiles.js';
import { MAX_REPLICAS, topologySchema } from '../targets/topology.js';
import { integer, parse, parseFlags } from './args.js';

// The choices are the topology's own, so a flag and the option it sets cannot disagree.
const option = topologySchema.shape;
// Unset flags keep the application's own layout (topology.ts: the reference app's defaults,
// or what the engine is); a flag the application cannot honour is refused by name.
export const UP_FLAGS = {
  app: option.app.default('reference'),
  replicas: integer(1, MAX_REPLICAS).default(2),
  redis: option.redis.optional(),
  dbms: option.dbms.optional(),
  sessions: option.sessions.optional(),
  shutdown: option.shutdown.optional(),
  lb: option.loadBalancer.optional(),
  placement: option.placement.optional(),
};

/** How long `down` gives an owning `up` it asked to stop before removing its run anyway. */
const OWNER_STOP_WAIT_MS = 2_000;

export async function up(argv: string[]) {
  const { lb, ...flags } = parseFlags(argv, UP_FLAGS);
  const given = Object.fromEntries(Object.entries({ ...flags, loadBalancer: lb }).filter(([, value]) => value !== undefined));
  const target = await new LocalTarget().withApp(flags.app).withOptions(given).start();
  // Credentials go to a file only its owner can read, outside reports/ (which CI uploads), never to the terminal.
  const credentialsDir = await mkdtemp(`${tmpdir()}/entando-chaos-`);
  const credentialsFile = `${credentialsDir}/credentials.json`;
  await writeFile(credentialsFile, JSON.stringify(target.credentials, null, 2), { mode: 0o600 });
  const instances = await target.instances();
  process.stdout.write(
    [
      `Embedded Entando target ${target.description.runId} is up.`,
      `  application: ${target.endpoints.baseUrl}${target.endpoints.contextPath}/`,
      `  instances:   ${instances.map((i) => `${i.name} (${i.node})`).join(', ')}`,
      `  credentials: ${credentialsFile} (readable by you only)`,
      `Follow it with: npm run watch -- --url ${target.endpoints.baseUrl}${target.endpoints.contextPath}/`,
      'Stop it with Ctrl-C here, or `npm run target:down` from another terminal.',
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await target.stop();
  await rm(credentialsDir, { recursive: true, force: true });
}

/** Whether a pid is a Node.js process (an `up` or a test worker), not whatever reused the number. */
function isNodeProcess(pid: number): boolean {
  try {
    return /\bnode\b/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
  } catch {
    return false;
  }
}

export async function down(argv: string[]) {
  parse(argv, {});
  const docker = await dockerApi();
  const containers = await docker.listContainers({ all: true, filters: { label: [LABELS.run] } });
  const networks = await docker.listNetworks({ filters: { label: [LABELS.run] } });
  const runs = new Map<string, { pid: number; host?: string }>();
  for (const labels of [...containers.map((c) => c.Labels), ...networks.map((n) => n.Labels ?? {})]) {
    const runId = labels[LABELS.run]!;
    const host = labels[LABELS.ownerHost] ?? runs.get(runId)?.host;
    runs.set(runId, { pid: Number(labels[LABELS.owner]), ...(host ? { host } : {}) });
  }
  // A run whose lease is no longer held has no owner left to ask; its PID may be someone else's now.
  const leases = containers.filter(isLease);
  const ownerGone = (runId: string) => {
    const own = leases.filter((c) => c.Labels[LABELS.run] === runId);
    return own.length > 0 && !own.some((c) => leaseHeld(c.State));
  };
  if (runs.size === 0) {
    process.stdout.write('No embedded target is running.\n');
    return;
  }
  let asked = 0;
  for (const [runId, owner] of runs) {
    // Ask the owning `up` to stop its own controller first, so nothing is recreated behind us. A
    // PID from another host (another PID namespace) names some other process here: not signalled.
    if (owner.host !== undefined && owner.host !== hostname()) {
      log.info(`${runId} is owned by process ${owner.pid} on ${owner.host}, which cannot be asked from here: removing it anyway`);
      continue;
    }
    if (ownerGone(runId)) continue;
    if (Number.isInteger(owner.pid) && owner.pid !== process.pid && isNodeProcess(owner.pid)) {
      try {
        process.kill(owner.pid, 'SIGTERM');
        asked += 1;
        log.info(`asked process ${owner.pid}, which owns ${runId}, to stop`);
      } catch {
        // already gone
      }
    }
  }
  if (asked > 0) await sleep(OWNER_STOP_WAIT_MS);
  const removed = await removeRuns([...runs.keys()]);
  process.stdout.write(`Removed ${[...runs.keys()].join(', ')}${removed.length ? `: ${removed.join(', ')}` : ''}\n`);
}

export async function images(argv: string[]) {
  const flags = parseFlags(argv, { app: option.app.default('reference') });
  const resolved = await ensureImages();
  const app = await APP_PROFILES[flags.app].image(resolved);
  process.stdout.write(`${JSON.stringify({ ...resolved, app }, null, 2)}\n`);
}
