// The Kubernetes target's Redis as redis-topology.ts reads it: the pods of the layout the
// application uses (its REDIS_ADDRESSES decides), redis-cli run in them by pod exec, their logs
// read from the API.
import { AppsV1Api, CoreV1Api, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { redisCliCommand, type RedisDeployment, type RedisServer } from '../redis-topology.js';
import { execInPod } from './pod-exec.js';
import type { Profile } from './profiles.js';

/** What the one-node Redis is called in faults and roles, as on the embedded target (its pod's name changes when it is replaced). */
export const SINGLE_REDIS = 'redis';

export interface PodRedisServer extends RedisServer {
  pod: string;
}

/** The one-node Redis unless the application is given sentinel addresses; an operator's app always uses Sentinel. */
async function redisLayoutInUse(apps: AppsV1Api, namespace: string, profile: Profile): Promise<'single' | 'sentinel'> {
  if (profile.customResource) return 'sentinel';
  const deployment = await apps.readNamespacedDeployment({ name: profile.deployment, namespace });
  const addresses = deployment.spec?.template.spec?.containers[0]?.env?.find((e) => e.name === 'REDIS_ADDRESSES')?.value;
  return addresses ? 'sentinel' : 'single';
}

async function livePods(core: CoreV1Api, namespace: string, selector: string): Promise<V1Pod[]> {
  return (await core.listNamespacedPod({ namespace, labelSelector: selector })).items.filter((p) => !p.metadata?.deletionTimestamp);
}

function podServer(kc: KubeConfig, namespace: string, pod: V1Pod, container: string, options: { name?: string; port?: number } = {}): PodRedisServer {
  const podName = pod.metadata!.name!;
  return {
    name: options.name ?? podName,
    pod: podName,
    node: pod.spec?.nodeName ?? '',
    // Sentinels on kind were seen naming members by address as well as by DNS name.
    addresses: [podName, ...(pod.status?.podIP ? [pod.status.podIP] : [])],
    redisCli: (args) =>
      execInPod(kc, namespace, podName, container, redisCliCommand(args, options.port)).then(
        (r) => ({ exitCode: r.exitCode, output: r.exitCode === 0 ? r.stdout : `${r.stdout}${r.stderr}` }),
        (error: Error) => ({ exitCode: -1, output: `pod exec failed: ${error.message}` }),
      ),
  };
}

/** Settling on a cluster may wait for pods to be rescheduled and to pass their probes. */
const SETTLE_TIMEOUT_MS = 180_000;

/** The Redis of the layout the application uses now, read live from the cluster; undefined for an application without Redis. */
export async function kubernetesRedis(kc: KubeConfig, namespace: string, profile: Profile): Promise<RedisDeployment<PodRedisServer> | undefined> {
  const core = kc.makeApiClient(CoreV1Api);
  const r = profile.redis;
  if (!r) return undefined;
  const layout = await redisLayoutInUse(kc.makeApiClient(AppsV1Api), namespace, profile);
  if (layout === 'single') {
    return {
      layout,
      masterSet: r.masterSet,
      size: { members: 1, sentinels: 0 },
      settleTimeoutMs: SETTLE_TIMEOUT_MS,
      members: async () => (await livePods(core, namespace, r.singleSelector)).map((p) => podServer(kc, namespace, p, 'redis', { name: SINGLE_REDIS })),
      sentinels: async () => [],
    };
  }
  return {
    layout,
    masterSet: r.masterSet,
    size: r.size,
    settleTimeoutMs: SETTLE_TIMEOUT_MS,
    members: async () => (await livePods(core, namespace, r.selector)).map((p) => podServer(kc, namespace, p, 'redis')),
    sentinels: async () => (await livePods(core, namespace, r.sentinelSelector)).map((p) => podServer(kc, namespace, p, 'sentinel', { port: r.sentinelPort })),
  };
}

/** The logs of every sentinel and Redis pod, by pod name, whichever layout is in use. */
export async function kubernetesRedisLogs(core: CoreV1Api, namespace: string, profile: Profile): Promise<{ name: string; lines: string[] }[]> {
  const r = profile.redis;
  if (!r) return [];
  const groups: [string, string][] = [[r.sentinelSelector, 'sentinel'], [r.selector, 'redis'], [r.singleSelector, 'redis']];
  const pods = (await Promise.all(groups.map(async ([selector, container]) => (await livePods(core, namespace, selector)).map((pod) => ({ pod: pod.metadata!.name!, container }))))).flat();
  return Promise.all(
    pods.map(async ({ pod, container }) => {
      const text = await core.readNamespacedPodLog({ name: pod, namespace, container }).catch((error: Error) => `(no logs: ${error.message})`);
      return { name: pod, lines: String(text).split('\n').filter(Boolean) };
    }),
  );
}
