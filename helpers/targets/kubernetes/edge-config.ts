// The reference profile's edge (fixtures/kind/reference/edge.yaml): the embedded target's HA
// HAProxy configuration, finding the pods through the cluster's DNS instead of Docker's.
import { createHash } from 'node:crypto';
import { AFFINITY_COOKIE, haproxyConfig } from '../haproxy-config.js';

/** More than cluster:up's --replicas allows, so every replica gets a server slot. */
const SLOTS = 12;

/**
 * The edge's affinity cookie. Behind the nginx IngressClass, Traefik follows the guide's
 * annotations and sets a ROUTE cookie itself (pinning the edge); two cookies of one name
 * overwrote each other and affinity to the pods flapped (seen on kind), so the edge's is named apart.
 */
const edgeCookie = (ingressClass: 'traefik' | 'nginx') => (ingressClass === 'nginx' ? 'ROUTE_POD' : AFFINITY_COOKIE);

export interface EdgeSettings {
  namespace: string;
  /** The cluster DNS Service's address (kube-system/kube-dns). */
  nameserver: string;
  healthPath: string;
  cookieKey: string;
  ingressClass: 'traefik' | 'nginx';
}

/** The manifest values edge.yaml needs: the configuration as a YAML (JSON) string, and its hash. */
export function edgeValues(s: EdgeSettings): { EDGE_CONFIG: string; EDGE_CONFIG_HASH: string } {
  const config = haproxyConfig({
    mode: 'ha',
    healthPath: s.healthPath,
    slots: SLOTS,
    cookieKey: s.cookieKey,
    cookieName: edgeCookie(s.ingressClass),
    discovery: { nameserver: `${s.nameserver}:53`, host: `reference-app-pods.${s.namespace}.svc.cluster.local` },
  });
  return { EDGE_CONFIG: JSON.stringify(config), EDGE_CONFIG_HASH: createHash('sha256').update(config).digest('hex').slice(0, 12) };
}
