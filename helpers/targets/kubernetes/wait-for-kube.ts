// The Kubernetes e2e framework's wait helpers, named thing + state, one argument order
// (client, namespace, name, options), all on the suite's one condition primitive.
import type { AppsV1Api, CoreV1Api, V1Node, V1Pod } from '@kubernetes/client-node';
import { AbortError } from 'p-retry';
import { waitFor, type WaitOptions } from '../../wait/wait-for.js';

/** Container states that waiting does not end: the pod needs a person (a fixed image, config or crash). */
const HOPELESS = new Set(['CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'CreateContainerConfigError', 'CreateContainerError']);

/** The exit code of a process killed by SIGKILL: what the suite's own `kill -9` leaves. */
const KILLED = 137;

/**
 * Why a pod will not become ready by waiting, in words, or undefined when it still may. A
 * container the suite killed twice in a few minutes backs off as a crash loop does, and comes
 * back: a crash loop counts only when the container exited by itself.
 */
export function hopelessState(pod: V1Pod): string | undefined {
  for (const status of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    const waiting = status.state?.waiting;
    const killed = status.lastState?.terminated?.exitCode === KILLED;
    if (waiting?.reason && HOPELESS.has(waiting.reason) && !(waiting.reason === 'CrashLoopBackOff' && killed)) {
      return `pod ${pod.metadata?.name} container ${status.name} is in ${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}`;
    }
  }
  return undefined;
}

export const isPodReady = (pod: V1Pod) =>
  !pod.metadata?.deletionTimestamp && pod.status?.phase === 'Running' && !!pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

export const isNodeReady = (node: V1Node) => !!node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

const describePod = (pod: V1Pod) =>
  `${pod.metadata?.name}@${pod.spec?.nodeName ?? 'unscheduled'} ${pod.metadata?.deletionTimestamp ? 'Terminating' : (pod.status?.phase ?? '?')}${isPodReady(pod) ? ' ready' : ''}`;

/**
 * Resolves with the ready pods once at least `count` pods matching `selector` are Running and
 * Ready. With `exact`, once exactly `count` pods match and all are ready: the ones a rollout or
 * a scale-down replaced are gone, so a scenario starts from the layout it asked for.
 */
export function waitForPodsRunningReady(core: CoreV1Api, namespace: string, selector: string, count: number, options: WaitOptions & { exact?: boolean }): Promise<V1Pod[]> {
  return waitFor(
    `${options.exact ? 'exactly ' : ''}${count} ready pod(s) ${selector} in ${namespace}${options.exact ? ', no other' : ''}`,
    async () => {
      const pods = (await core.listNamespacedPod({ namespace, labelSelector: selector })).items;
      const hopeless = pods.map(hopelessState).find((why) => why !== undefined);
      if (hopeless) throw new AbortError(hopeless);
      const ready = pods.filter(isPodReady);
      const done = options.exact ? ready.length === count && pods.length === count : ready.length >= count;
      return { done, state: `${ready.length}/${count} ready: ${pods.map(describePod).join(', ') || 'no pod'}`, value: ready };
    },
    options,
  );
}

/**
 * Waits until the pod is gone. A StatefulSet recreates its pods under the same name, so when
 * `uid` is given, a pod of that name with another uid counts as the old one gone.
 */
export function waitForPodGone(core: CoreV1Api, namespace: string, name: string, options: WaitOptions & { uid?: string }): Promise<void> {
  return waitFor(
    `pod ${name} in ${namespace} to be gone`,
    async () => {
      const pod = await core.readNamespacedPod({ namespace, name }).catch((error: { code?: number }) => {
        if (error.code === 404) return undefined;
        throw error;
      });
      const replaced = pod !== undefined && options.uid !== undefined && pod.metadata?.uid !== options.uid;
      return { done: pod === undefined || replaced, state: pod ? `${describePod(pod)}${replaced ? ' (a new pod)' : ''}` : 'gone' };
    },
    options,
  );
}

function waitForNode(core: CoreV1Api, name: string, ready: boolean, options: WaitOptions): Promise<void> {
  return waitFor(
    `node ${name} ${ready ? 'Ready' : 'NotReady'}`,
    async () => {
      const node = await core.readNode({ name });
      const reason = node.status?.conditions?.find((c) => c.type === 'Ready');
      return { done: isNodeReady(node) === ready, state: `Ready=${reason?.status ?? '?'} (${reason?.reason ?? 'no reason'})` };
    },
    options,
  );
}

export const waitForNodeNotReady = (core: CoreV1Api, name: string, options: WaitOptions) => waitForNode(core, name, false, options);
export const waitForNodeReady = (core: CoreV1Api, name: string, options: WaitOptions) => waitForNode(core, name, true, options);

/** Waits until a Deployment's latest spec is rolled out: every replica updated and available. */
export function waitForDeploymentRolledOut(apps: AppsV1Api, namespace: string, name: string, options: WaitOptions): Promise<void> {
  return waitFor(
    `deployment ${name} in ${namespace} rolled out`,
    async () => {
      const d = await apps.readNamespacedDeployment({ namespace, name });
      const want = d.spec?.replicas ?? 1;
      const s = d.status ?? {};
      const done = (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) && s.updatedReplicas === want && s.availableReplicas === want && (s.replicas ?? 0) === want;
      return { done, state: `${s.updatedReplicas ?? 0} updated, ${s.availableReplicas ?? 0} available, ${s.replicas ?? 0} total of ${want}` };
    },
    options,
  );
}
