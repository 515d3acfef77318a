// A profile's edge (fixtures/kind/reference/edge.yaml) reconfigured for a scenario's affinity:
// its HAProxy configuration rebuilt from what cluster:up built it from (the cluster DNS
// address, the cookie key kept in the profile's Secret, the Ingress's class), written to its
// ConfigMap and rolled out by its pod template's configuration hash, as cluster:up's apply does.
import type { AppsV1Api, CoreV1Api, NetworkingV1Api } from '@kubernetes/client-node';
import { log } from '../../log/log.js';
import { registerSecret } from '../../log/redact.js';
import type { TopologyOptions } from '../topology.js';
import { configHash, EDGE_CONFIG_HASH_ANNOTATION, EDGE_CONFIG_KEY, edgeConfig, edgeName, type EdgeSettings } from './edge-config.js';
import type { Profile } from './profiles.js';
import { unconditional } from './unconditional.js';
import { waitForDeploymentRolledOut, waitForPodsRunningReady } from './wait-for-kube.js';

/** An edge pod starts in seconds (HAProxy, its image on the node); the wait prints its progress. */
const EDGE_ROLLOUT_TIMEOUT_MS = 120_000;
const INGRESS_CLASSES = ['traefik', 'nginx'] as const;

export interface EdgeCluster {
  core: CoreV1Api;
  apps: AppsV1Api;
  networking: NetworkingV1Api;
  namespace: string;
  profile: Profile;
}

/** What an edge runs: its ConfigMap's configuration and the hash its pod template carries. */
export interface EdgeState {
  config: string;
  hash: string | undefined;
}

export async function readEdge(c: EdgeCluster): Promise<EdgeState> {
  const name = edgeName(c.profile.deployment);
  const [configMap, deployment] = await Promise.all([
    c.core.readNamespacedConfigMap({ name, namespace: c.namespace }),
    c.apps.readNamespacedDeployment({ name, namespace: c.namespace }),
  ]);
  const config = configMap.data?.[EDGE_CONFIG_KEY];
  if (config === undefined) throw new Error(`ConfigMap ${name} in ${c.namespace} has no ${EDGE_CONFIG_KEY}; redeploy the edge with npm run cluster:up`);
  return { config, hash: deployment.spec?.template.metadata?.annotations?.[EDGE_CONFIG_HASH_ANNOTATION] };
}

/** The settings cluster:up built the edge from, read back from the cluster. */
export async function edgeSettingsOf(c: EdgeCluster): Promise<EdgeSettings> {
  const p = c.profile;
  const [dns, secret, ingress] = await Promise.all([
    c.core.readNamespacedService({ name: 'kube-dns', namespace: 'kube-system' }),
    c.core.readNamespacedSecret({ name: p.credentialsSecret.name, namespace: c.namespace }),
    c.networking.readNamespacedIngress({ name: p.ingress, namespace: c.namespace }),
  ]);
  const nameserver = dns.spec?.clusterIP;
  if (!nameserver) throw new Error('Service kube-system/kube-dns has no cluster IP: the edge finds the pods through it');
  const encodedKey = secret.data?.cookieKey;
  if (!encodedKey) throw new Error(`secret ${p.credentialsSecret.name} in ${c.namespace} has no key cookieKey (the edge's cookie key); redeploy with npm run cluster:up`);
  const cookieKey = Buffer.from(encodedKey, 'base64').toString('utf8');
  registerSecret(cookieKey);
  const ingressClass = INGRESS_CLASSES.find((k) => k === ingress.spec?.ingressClassName);
  if (!ingressClass) throw new Error(`Ingress ${p.ingress} in ${c.namespace} has class ${JSON.stringify(ingress.spec?.ingressClassName)}; the edge is written for ${INGRESS_CLASSES.join(' or ')}`);
  return { namespace: c.namespace, app: p.deployment, nameserver, healthPath: p.healthPath, cookieKey, ingressClass };
}

/**
 * The edge for an affinity. Refuses an edge whose configuration is neither of the two the suite
 * writes for these settings: rebuilding it would change more than the affinity.
 */
export function edgeFor(settings: EdgeSettings, current: EdgeState, affinity: TopologyOptions['affinity']): EdgeState {
  const written = { cookie: edgeConfig({ ...settings, affinity: 'cookie' }), none: edgeConfig({ ...settings, affinity: 'none' }) };
  if (current.config !== written.cookie && current.config !== written.none) {
    throw new Error(
      `the edge ${edgeName(settings.app)} in ${settings.namespace} runs a configuration this suite does not write (deployed by another version?); redeploy it with npm run cluster:up`,
    );
  }
  const config = written[affinity];
  return { config, hash: configHash(config) };
}

/** Writes an edge's configuration and hash, and waits until it runs them: rolled out, the pods of the old configuration gone. */
export async function applyEdge(c: EdgeCluster, state: EdgeState): Promise<void> {
  const name = edgeName(c.profile.deployment);
  const namespace = c.namespace;
  const configMap = await c.core.readNamespacedConfigMap({ name, namespace });
  await c.core.replaceNamespacedConfigMap({ name, namespace, body: unconditional({ ...configMap, data: { ...configMap.data, [EDGE_CONFIG_KEY]: state.config } }) });
  const deployment = await c.apps.readNamespacedDeployment({ name, namespace });
  const template = deployment.spec!.template;
  const annotations = { ...template.metadata?.annotations };
  if (state.hash === undefined) delete annotations[EDGE_CONFIG_HASH_ANNOTATION];
  else annotations[EDGE_CONFIG_HASH_ANNOTATION] = state.hash;
  template.metadata = { ...template.metadata, annotations };
  await c.apps.replaceNamespacedDeployment({ name, namespace, body: unconditional(deployment) });
  log.info(`edge ${name}: configuration ${state.hash ?? '(no hash)'} written, rolling out`);
  await waitForDeploymentRolledOut(c.apps, namespace, name, { timeoutMs: EDGE_ROLLOUT_TIMEOUT_MS });
  // Rolled out counts no terminating pod; a terminating edge could still answer with the old configuration.
  await waitForPodsRunningReady(c.core, namespace, `app.kubernetes.io/name=${name}`, deployment.spec?.replicas ?? 1, { timeoutMs: EDGE_ROLLOUT_TIMEOUT_MS, exact: true });
}
