// What an embedded target looks like, as data, validated before anything starts: the HA
// layout by default, and one switch per deliberately non-HA variant for negative controls.
import type { ImageSet } from './local-docker/images.js';

export interface TopologyOptions {
  /** App Engine instances (Deployment replicas). */
  replicas: number;
  /** Named nodes the instances are placed on (a label per container). */
  nodes: string[];
  /** spread: one instance per node in turn; single-node: all on the first live node (the RWO case). */
  placement: 'spread' | 'single-node';
  /** none: per-instance caches (Entando's default without Redis); single; sentinel: master, 2 replicas, 3 sentinels. */
  redis: 'none' | 'single' | 'sentinel';
  /** postgresql, or embedded: an in-memory store per instance, which the guide warns against. */
  dbms: 'postgresql' | 'embedded';
  /** false: the app keeps one database connection forever and never replaces it (DB_RECONNECT=false). */
  dbReconnect: boolean;
  /** Where login sessions live: redis (REDIS_SESSION_ACTIVE=true) or the memory of one instance. */
  sessions: 'redis' | 'memory';
  /** graceful: drain then exit on SIGTERM; immediate: exit at once, dropping in-flight requests. */
  shutdown: 'graceful' | 'immediate';
  /** ha: health checks, retries and redispatch; naive: plain round robin without any of them. */
  loadBalancer: 'ha' | 'naive';
  /** How long instances on a dead node count as present before replacements start (pod eviction). */
  evictionMs: number;
  /** Grace period between SIGTERM and SIGKILL when an instance is deleted. */
  gracePeriodMs: number;
  /** How long every instance waits before it starts (STARTUP_DELAY_MS): a slow start, as an App Engine's. */
  startDelayMs: number;
  /** Images per role; resolved (and built offline if needed) when omitted. */
  images?: ImageSet;
}

export const DEFAULT_TOPOLOGY: TopologyOptions = {
  replicas: 2,
  nodes: ['node-1', 'node-2', 'node-3'],
  placement: 'spread',
  redis: 'single',
  dbms: 'postgresql',
  dbReconnect: true,
  sessions: 'redis',
  shutdown: 'graceful',
  loadBalancer: 'ha',
  evictionMs: 5_000,
  gracePeriodMs: 10_000,
  startDelayMs: 0,
};

/** Most instances the load balancer has slots for. */
export const MAX_REPLICAS = 10;

export class TopologyOptionError extends Error {
  override name = 'TopologyOptionError';
}

function must(condition: boolean, field: keyof TopologyOptions, value: unknown, expected: string) {
  if (!condition) throw new TopologyOptionError(`topology option ${field} must be ${expected}, got ${JSON.stringify(value)}`);
}

export function validateTopology(options: TopologyOptions): TopologyOptions {
  const o = options;
  must(Number.isInteger(o.replicas) && o.replicas >= 1 && o.replicas <= MAX_REPLICAS, 'replicas', o.replicas, `an integer from 1 to ${MAX_REPLICAS}`);
  must(
    Array.isArray(o.nodes) && o.nodes.length >= 1 && o.nodes.every((n) => /^[a-z0-9-]+$/.test(n)) && new Set(o.nodes).size === o.nodes.length,
    'nodes',
    o.nodes,
    'a non-empty list of distinct names of lowercase letters, digits and dashes',
  );
  must(['spread', 'single-node'].includes(o.placement), 'placement', o.placement, 'spread or single-node');
  must(['none', 'single', 'sentinel'].includes(o.redis), 'redis', o.redis, 'none, single or sentinel');
  must(['postgresql', 'embedded'].includes(o.dbms), 'dbms', o.dbms, 'postgresql or embedded');
  must(typeof o.dbReconnect === 'boolean', 'dbReconnect', o.dbReconnect, 'true or false');
  must(['redis', 'memory'].includes(o.sessions), 'sessions', o.sessions, 'redis or memory');
  must(o.sessions !== 'redis' || o.redis !== 'none', 'sessions', o.sessions, 'memory when redis is none');
  must(o.redis !== 'sentinel' || o.nodes.length >= 3, 'nodes', o.nodes, 'at least 3 nodes for redis sentinel');
  must(['graceful', 'immediate'].includes(o.shutdown), 'shutdown', o.shutdown, 'graceful or immediate');
  must(['ha', 'naive'].includes(o.loadBalancer), 'loadBalancer', o.loadBalancer, 'ha or naive');
  must(Number.isInteger(o.evictionMs) && o.evictionMs >= 0, 'evictionMs', o.evictionMs, 'an integer >= 0');
  must(Number.isInteger(o.gracePeriodMs) && o.gracePeriodMs >= 0, 'gracePeriodMs', o.gracePeriodMs, 'an integer >= 0');
  must(Number.isInteger(o.startDelayMs) && o.startDelayMs >= 0, 'startDelayMs', o.startDelayMs, 'an integer >= 0');
  return o;
}
