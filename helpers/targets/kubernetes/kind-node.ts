// kind nodes are Docker containers: a node is terminated by killing its container and
// restored by starting it; a container whose application is PID 1 is killed from the node.
import { docker } from '../local-docker/docker-cli.js';

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
