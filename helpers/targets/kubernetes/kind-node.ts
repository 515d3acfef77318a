// kind nodes are Docker containers: a node is terminated by killing its container and
// restored by starting it; a container whose application is PID 1 is killed from the node.
import { dockerApi } from '../../docker/docker-api.js';
import { docker } from '../../docker/docker-cli.js';

/** kind's names: the label on a cluster's node containers, and its kubeconfig entries (kind-<cluster>). */
const CLUSTER_LABEL = 'io.x-k8s.kind.cluster';
const KUBECONFIG_PREFIX = 'kind-';

export const kindKubeconfigName = (cluster: string) => `${KUBECONFIG_PREFIX}${cluster}`;

/** The kind cluster a kubeconfig cluster entry names, if it is one. */
export const kindClusterOf = (kubeconfigName: string): string | undefined =>
  kubeconfigName.startsWith(KUBECONFIG_PREFIX) ? kubeconfigName.slice(KUBECONFIG_PREFIX.length) : undefined;

/** The node containers of a kind cluster, running or not. */
export async function kindNodeContainers(cluster: string) {
  return (await dockerApi()).listContainers({ all: true, filters: { label: [`${CLUSTER_LABEL}=${cluster}`] } });
}

/** Kills the node's container at once, as a power cut: its addresses stop answering. */
export async function killKindNode(node: string): Promise<void> {
  await docker(['kill', '--signal', 'KILL', node]);
}

export async function startKindNode(node: string): Promise<void> {
  await docker(['start', node]);
}

/** The host-namespace pid of a container's PID 1, from the node's container runtime (crictl). */
export async function containerInitPid(node: string, containerId: string): Promise<number> {
  const id = containerId.replace(/^\w+:\/\//, '');
  const inspect = JSON.parse(await docker(['exec', node, 'crictl', 'inspect', id])) as { info?: { pid?: number } };
  const pid = inspect.info?.pid;
  if (!pid) throw new Error(`crictl inspect ${id} on ${node} gave no pid`);
  return pid;
}

export async function killOnNode(node: string, pid: number): Promise<void> {
  await docker(['exec', node, 'kill', '-9', String(pid)]);
}
