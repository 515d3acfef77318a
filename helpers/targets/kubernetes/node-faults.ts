// Node faults leave their own record, so a run killed half-way (a crash, a second Ctrl-C, CI's
// timeout) is healed by the next run's start: on kind, a node container left stopped is a node
// the suite terminated (nothing else stops them); in the drain variant, the suite marks the nodes
// it cordons, and uncordons only those, never one an operator cordoned.
import type { CoreV1Api } from '@kubernetes/client-node';
import { log } from '../../log/log.js';
import { containerName } from '../../docker/docker-api.js';
import { kindNodeContainers, startKindNode } from './kind-node.js';
import { waitForNodeReady } from './wait-for-kube.js';

export const CORDONED_BY_SUITE = 'entando-chaos/cordoned';
export const NODE_TIMEOUT_MS = 120_000;

/** Cordons or uncordons, by read-modify-replace (no patch content types to get wrong), marking what the suite did. */
export async function setUnschedulable(core: CoreV1Api, name: string, unschedulable: boolean) {
  const node = await core.readNode({ name });
  node.spec = { ...node.spec, unschedulable };
  const annotations = { ...node.metadata?.annotations };
  if (unschedulable) annotations[CORDONED_BY_SUITE] = new Date().toISOString();
  else delete annotations[CORDONED_BY_SUITE];
  node.metadata = { ...node.metadata, annotations };
  await core.replaceNode({ name, body: node });
}

/** Kind node containers of a cluster that are not running. */
async function stoppedKindNodes(cluster: string): Promise<string[]> {
  try {
    return (await kindNodeContainers(cluster)).filter((c) => c.State !== 'running').map(containerName);
  } catch (error) {
    log.warn(`preflight: could not list kind ${cluster}'s node containers, so a node left stopped would not be started: ${(error as Error).message.split('\n')[0]}`);
    return [];
  }
}

/** Undoes node faults an interrupted run left, saying what it found; returns the nodes healed. */
export async function healInterruptedNodeFaults(core: CoreV1Api, mode: 'kind' | 'drain', kindCluster: string | undefined): Promise<string[]> {
  const healed: string[] = [];
  if (mode === 'kind' && kindCluster) {
    for (const name of await stoppedKindNodes(kindCluster)) {
      log.warn(`preflight: kind node ${name} was left stopped by an interrupted node termination: starting it`);
      await startKindNode(name);
      healed.push(name);
    }
  }
  for (const node of (await core.listNode()).items) {
    const name = node.metadata?.name;
    if (!name || node.metadata?.annotations?.[CORDONED_BY_SUITE] === undefined) continue;
    log.warn(`preflight: node ${name} was left cordoned by an interrupted drain (since ${node.metadata.annotations[CORDONED_BY_SUITE]}): uncordoning it`);
    await setUnschedulable(core, name, false);
    if (!healed.includes(name)) healed.push(name);
  }
  for (const name of healed) await waitForNodeReady(core, name, { timeoutMs: NODE_TIMEOUT_MS });
  return healed;
}
