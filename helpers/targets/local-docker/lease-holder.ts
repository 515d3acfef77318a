// A stand-in for another process's run, for cleanup.docker.test.ts: takes the lease of a run,
// makes the run's network, says "held" on stdout, then holds (until killed) or returns.
//   tsx lease-holder.ts <run-id> <image> <owner-pid-label> hold|return
// The owner-pid label is given, to be one no process here has: an owner in another PID namespace.
import { dockerApi } from '../../docker/docker-api.js';
import { currentOwner, ownerLabels } from '../../docker/labels.js';
import { takeLease } from '../../docker/lease.js';

const [runId, image, ownerPid, mode] = process.argv.slice(2);
if (!runId || !image || !/^\d+$/.test(ownerPid ?? '') || (mode !== 'hold' && mode !== 'return')) {
  throw new Error(`usage: lease-holder.ts <run-id> <image> <owner-pid> hold|return, got ${JSON.stringify(process.argv.slice(2))}`);
}
const owner = { ...currentOwner(), pid: Number(ownerPid) };
await takeLease(runId, image, owner);
await (await dockerApi()).createNetwork({
  Name: runId,
  Labels: ownerLabels(runId, owner),
});
process.stdout.write('held\n');
// The lease itself keeps nothing alive (that is the point of "return"); holding needs a timer.
if (mode === 'hold') setInterval(() => {}, 60_000);
