// The edge of a profile's application (fixtures/kind/reference/edge.yaml): the embedded target's HA
// HAProxy configuration, finding the pods through the cluster's DNS instead of Docker's.
import { createHash } from 'node:crypto';
import { AFFINITY_COOKIE, haproxyConfig, type LoadBalancerSettings } from '../haproxy-config.js';

/** More than cluster:up's --replicas allows, so every replica gets a server slot. */
const SLOTS = 12;

/** The edge's key in its ConfigMap, which HAProxy reads at start. */
export const EDGE_CONFIG_KEY = 'haproxy.cfg';
/** The edge pod template's annotation holding its configuration's hash: a changed hash rolls the pod. */
export const EDGE_CONFIG_HASH_ANNOTATION = 'entando-chaos/config-hash';
/** The edge's ConfigMap, Deployment and pod label of an application (edge.yaml). */
export const edgeName = (app: string) => `${app}-edge`;

/**
 * The edge's affinity cookie. Behind the nginx IngressClass, Traefik follows the guide's
 * annotations and sets a ROUTE cookie itself (pinning the edge); two cookies of one name
 * overwrote each other and affinity to the pods flapped (seen on kind), so the edge's is named apart.
 */
const edgeCookie = (ingressClass: 'traefik' | 'nginx') => (ingressClass === 'nginx' ? 'ROUTE_POD' : AFFINITY_COOKIE);

export interface EdgeSettings {
  namespace: string;
  /** The application's Deployment and pod label: its pods are found as <app>-pods. */
  app: string;
  /** The cluster DNS Service's address (kube-system/kube-dns). */
  nameserver: string;
  healthPath: string;
  cookieKey: string;
  ingressClass: 'traefik' | 'nginx';
  /** cookie (default, as cluster:up deploys it): the edge pins a browser to a pod; none: no cookie, each request balanced on its own. */
  affinity?: LoadBalancerSettings['affinity'];
}

/** The edge's HAProxy configuration: the embedded target's HA one, with the settings cluster:up derives from the cluster. */
export function edgeConfig(s: EdgeSettings): string {
  return haproxyConfig({
    mode: 'ha',
    healthPath: s.healthPath,
    slots: SLOTS,
    cookieKey: s.cookieKey,
    cookieName: edgeCookie(s.ingressClass),
    affinity: s.affinity,
    discovery: { nameserver: `${s.nameserver}:53`, host: `${s.app}-pods.${s.namespace}.svc.cluster.local` },
  });
}

/** The hash edge.yaml's pod template carries for a configuration. */
export const configHash = (config: string) => createHash('sha256').update(config).digest('hex').slice(0, 12);

/** The manifest values edge.yaml needs: the application's name, the configuration as a YAML (JSON) string, and its hash. */
export function edgeValues(s: EdgeSettings): { APP_NAME: string; EDGE_CONFIG: string; EDGE_CONFIG_HASH: string } {
  const config = edgeConfig(s);
  return { APP_NAME: s.app, EDGE_CONFIG: JSON.stringify(config), EDGE_CONFIG_HASH: configHash(config) };
}
