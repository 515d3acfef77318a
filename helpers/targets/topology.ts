// What an embedded target looks like, as data, validated before anything starts: the HA
// layout by default, and one switch per deliberately non-HA variant for negative controls.
import { z } from 'zod';
import { KEBAB_NAME, numberIn, oneOf } from '../validation/leaves.js';
import { dotted, mustBe, parseWith } from '../validation/problems.js';
import type { ImageSet } from './local-docker/images.js';

/** Most instances the load balancer has slots for. */
export const MAX_REPLICAS = 10;

const NODES = 'a non-empty list of distinct names of lowercase letters, digits and dashes';
const validNodes = (nodes: string[]) => nodes.length >= 1 && nodes.every((n) => KEBAB_NAME.test(n)) && new Set(nodes).size === nodes.length;

/** The applications the suite can deploy itself: its stand-in, and the real Entando 6.2 App Engine. */
export const APP_NAMES = ['reference', 'entando-engine'] as const;
export type AppName = (typeof APP_NAMES)[number];

export const topologySchema = z
  .strictObject({
    /** reference: the suite's stand-in, every switch below available; entando-engine: the real engine, which has none of them. */
    app: oneOf(APP_NAMES),
    /** App Engine instances (Deployment replicas). */
    replicas: numberIn({ min: 1, max: MAX_REPLICAS, integer: true }),
    /** Named nodes the instances are placed on (a label per container). */
    nodes: z.array(z.string(), { error: NODES }).refine(validNodes, { error: NODES }),
    /** spread: one instance per node in turn; single-node: all on the first live node (the RWO case). */
    placement: oneOf(['spread', 'single-node']),
    /** none: per-instance caches (Entando's default without Redis); single; sentinel: master, 2 replicas, 3 sentinels. */
    redis: oneOf(['none', 'single', 'sentinel']),
    /** postgresql, or embedded: an in-memory store per instance, which the guide warns against. */
    dbms: oneOf(['postgresql', 'embedded']),
    /** false: the app keeps one database connection forever and never replaces it (DB_RECONNECT=false). */
    dbReconnect: z.boolean({ error: 'true or false' }),
    /** Where login sessions live: redis (REDIS_SESSION_ACTIVE=true) or the memory of one instance. */
    sessions: oneOf(['redis', 'memory']),
    /** graceful: drain then exit on SIGTERM; immediate: exit at once, dropping in-flight requests. */
    shutdown: oneOf(['graceful', 'immediate']),
    /** ha: health checks, retries and redispatch; naive: plain round robin without any of them. */
    loadBalancer: oneOf(['ha', 'naive']),
    /** cookie: the load balancer pins a browser to one instance (the guide's sticky sessions); none: each request is balanced on its own. */
    affinity: oneOf(['cookie', 'none']),
    /** shared: every instance serves the same content-hashed assets; per-instance: each names and serves only its own script, as two versions do during a rolling upgrade (ASSETS=per-instance). */
    assets: oneOf(['shared', 'per-instance']),
    /** How long instances on a dead node count as present before replacements start (pod eviction). */
    evictionMs: numberIn({ min: 0, integer: true }),
    /** Grace period between SIGTERM and SIGKILL when an instance is deleted. */
    gracePeriodMs: numberIn({ min: 0, integer: true }),
    /** How long every instance waits before it starts (STARTUP_DELAY_MS): a slow start, as an App Engine's. */
    startDelayMs: numberIn({ min: 0, integer: true }),
    /** Images per role; resolved (and built offline if needed) when omitted. Checked where they are resolved. */
    images: z.custom<ImageSet>((v) => typeof v === 'object' && v !== null, { error: 'an image per role' }).optional(),
  })
  // Layouts each option allows but together cannot exist; checked once every option is valid on its own.
  .superRefine((o, ctx) => {
    if (o.sessions === 'redis' && o.redis === 'none') ctx.addIssue({ code: 'custom', path: ['sessions'], message: 'memory when redis is none' });
    if (o.redis === 'sentinel' && o.nodes.length < 3) ctx.addIssue({ code: 'custom', path: ['nodes'], message: 'at least 3 nodes for redis sentinel' });
    if (o.app !== 'reference') {
      // The engine is judged as it is: the reference app's switches do not exist on it.
      for (const [option, only] of Object.entries(ENGINE_LAYOUT)) {
        if (o[option as keyof typeof ENGINE_LAYOUT] !== only) {
          ctx.addIssue({ code: 'custom', path: [option], message: `${JSON.stringify(only)} for app ${o.app} (the other values are switches of the reference app)` });
        }
      }
    }
  });

/** What an embedded target looks like; one source with its schema. */
export type TopologyOptions = z.infer<typeof topologySchema>;

/**
 * What the Entando 6.2 engine is, with no choice: no Redis client (its caches are in-process),
 * sessions in each Tomcat's memory, PostgreSQL, pooled connections that reconnect, Tomcat's
 * graceful shutdown, no start delay of the suite's making.
 */
export const ENGINE_LAYOUT = {
  redis: 'none',
  sessions: 'memory',
  dbms: 'postgresql',
  dbReconnect: true,
  shutdown: 'graceful',
  startDelayMs: 0,
  assets: 'shared',
} as const satisfies Partial<TopologyOptions>;

/** The options an application comes with: the engine its own layout, the reference app none beyond its name. */
export const appLayout = (app: AppName): Partial<TopologyOptions> => (app === 'entando-engine' ? { app, ...ENGINE_LAYOUT } : { app });

export const DEFAULT_TOPOLOGY: TopologyOptions = {
  app: 'reference',
  replicas: 2,
  nodes: ['node-1', 'node-2', 'node-3'],
  placement: 'spread',
  redis: 'single',
  dbms: 'postgresql',
  dbReconnect: true,
  sessions: 'redis',
  shutdown: 'graceful',
  loadBalancer: 'ha',
  affinity: 'cookie',
  assets: 'shared',
  evictionMs: 5_000,
  gracePeriodMs: 10_000,
  startDelayMs: 0,
};

/**
 * A layout from the options a case or a caller changes: the defaults, then the changes; without
 * Redis, sessions can only live in memory unless said otherwise (validation then names the conflict).
 */
export function resolveTopology(base: TopologyOptions, change: Partial<TopologyOptions>): TopologyOptions {
  const resolved = { ...base, ...change };
  if (change.redis === 'none' && change.sessions === undefined) resolved.sessions = 'memory';
  return resolved;
}

/** The layout in words, as a run's log and a dry run's plan say it. */
export function layoutSummary(t: TopologyOptions): string {
  return (
    `${t.app === 'reference' ? '' : `${t.app}, `}${t.replicas} instance(s) ${t.placement} on ${t.nodes.join(', ')}; redis ${t.redis}; ${t.dbms}; ` +
    `sessions in ${t.sessions}; ${t.shutdown} shutdown; ${t.loadBalancer} load balancer` +
    `${t.affinity === 'none' ? ' without affinity' : ''}${t.assets === 'per-instance' ? '; assets per instance' : ''}`
  );
}

export class TopologyOptionError extends Error {
  override name = 'TopologyOptionError';
}

/** The options, or an error naming every bad one with its value and what was expected. */
export function validateTopology(options: TopologyOptions): TopologyOptions {
  return parseWith(
    topologySchema,
    options,
    (problems) => new TopologyOptionError(problems.map((p) => mustBe(p, { name: (path) => `topology option ${dotted(path)}` })).join('; ')),
  );
}
