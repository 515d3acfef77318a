// When cluster:up's deployment of a profile is ready for a fault: every Deployment rolled out
// (a re-run may be replacing pods a scenario changed), every Redis in its role, and for the
// Entando 6.2 engine the replicas scaled up only once the first pod has installed the schema.
import { AppsV1Api, CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { log } from '../../log/log.js';
import { waitForRedisSettled } from '../redis-topology.js';
import { DEFAULT_NAMESPACE } from './kubernetes-target.js';
import { PROFILES, type Profile } from './profiles.js';
import { kubernetesRedis } from './redis-on-kubernetes.js';
import { scaleDeployment } from './topology-on-kubernetes.js';
import { waitForDeploymentRolledOut, waitForPodsRunningReady } from './wait-for-kube.js';

const ns = DEFAULT_NAMESPACE;

export async function waitForProfileReady(kc: KubeConfig, name: Profile['name'], settings: { replicas: number; redis: 'single' | 'sentinel' }) {
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const profile = PROFILES[name];
  await waitForPodsRunningReady(core, 'traefik', 'app.kubernetes.io/name=traefik', 1, { timeoutMs: 300_000 });
  const rolledOut = (deployment: string, timeoutMs = 300_000) => waitForDeploymentRolledOut(apps, ns, deployment, { timeoutMs });
  if (name === 'reference') {
    const sentinelSet = profile.redis!;
    // The one-node Redis too: a re-run replaces a pod an earlier run may have left a replica.
    for (const deployment of [profile.deployment, `${profile.deployment}-edge`, sentinelSet.singleDeployment]) await rolledOut(deployment);
    if (settings.redis === 'sentinel') {
      for (const selector of [sentinelSet.selector, sentinelSet.sentinelSelector]) await waitForPodsRunningReady(core, ns, selector, 3, { timeoutMs: 300_000 });
    }
  } else if (name === 'entando') {
    await waitForPodsRunningReady(core, ns, 'EntandoApp=quickstart', settings.replicas, { timeoutMs: 1_200_000 });
  } else {
    await rolledOut(`${profile.deployment}-edge`);
    // Created with one replica: on an empty database the first pod installs the schema, alone.
    await rolledOut(profile.deployment, profile.startupTimeoutMs * 2);
    const before = await scaleDeployment(apps, ns, profile.deployment, settings.replicas);
    if (before !== settings.replicas) {
      log.info(`scaled ${profile.deployment} from ${before} to ${settings.replicas} now that its schema is installed`);
      await rolledOut(profile.deployment, profile.startupTimeoutMs * 2);
    }
  }
  // Up means ready for a fault: the layout the application uses, every Redis in its role.
  const redis = await kubernetesRedis(kc, ns, profile);
  if (redis) await waitForRedisSettled(redis);
}
