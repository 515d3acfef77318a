// What a scenario may do to a deployment, whatever runs it: the embedded Docker target or a
// Kubernetes cluster. A target starts, scales, inspects, injects the guide's faults at the
// infrastructure level and restores; it never asserts anything.

import type { TokenGrant } from '../entando/token-grant.js';

export interface Instance {
  /** Pod name on Kubernetes, container name locally. */
  name: string;
  node: string;
  phase: 'Pending' | 'Running' | 'Terminating' | 'Failed';
  ready: boolean;
  restarts: number;
}

export interface NodeStatus {
  name: string;
  ready: boolean;
}

export interface AppCredentials {
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
}

export interface TargetDescription {
  kind: 'local-docker' | 'kubernetes';
  runId: string;
  /** Kube context, or "docker" for the embedded target. */
  context: string;
  namespace: string;
  /** One line on the deployment's shape ("2 instances, redis single, postgresql"). */
  summary: string;
}

export interface AppEndpoints {
  /** Where users reach the application: the load balancer or ingress, e.g. http://127.0.0.1:40123 */
  baseUrl: string;
  contextPath: string;
  healthPath: string;
  tokenPath: string;
  /** How a token is asked for at tokenPath (token-grant.ts). */
  tokenGrant: TokenGrant;
  /** Whether the REST API answers reads without a token (the reference app's does; Entando 6.2's answers 401). */
  guestReads: boolean;
  /** A string present in every correctly rendered page. */
  renderMarker: string;
  /**
   * A CSS selector the page's DOM matches once its scripts have run, for the browser channel;
   * undefined where nothing is known of the page's scripts (the browser channel then does not run).
   */
  browserMarker?: string;
  /** Where the session channel posts its login form (username, password). */
  loginPath: string;
  /** A string present in a rendered page when the user's login session is known. */
  sessionMarker: string;
  /** Name of the load balancer's affinity cookie. */
  affinityCookie: string;
}

export interface LogLine {
  time: string;
  instance: string;
  text: string;
}

export interface StartedTarget {
  readonly description: TargetDescription;
  readonly endpoints: AppEndpoints;
  readonly credentials: AppCredentials;
  /**
   * How long one instance may take to start and serve (its application's, not the reference
   * app's): a wait for a restored deployment allows at least this, so that a slow start is the
   * recovery checker's finding rather than a timeout without a verdict.
   */
  readonly startupTimeoutMs: number;
  desiredReplicas(): number;
  instances(): Promise<Instance[]>;
  nodes(): Promise<NodeStatus[]>;
  scale(replicas: number): Promise<void>;
  /** Resolves with the ready instances once `count` are ready; the error says what was last seen. */
  waitForInstancesReady(count: number, options?: { timeoutMs?: number; signal?: AbortSignal }): Promise<Instance[]>;
  /** As `kubectl delete pod --grace-period`: SIGTERM, then SIGKILL after the grace period. */
  deleteInstance(name: string, options?: { gracePeriodMs?: number }): Promise<void>;
  /** `kill -9` of the application process inside the instance, found by looking it up. */
  killProcess(name: string): Promise<{ pid: number }>;
  /** Every container of the node dies at once and its addresses stop answering. */
  terminateNode(node: string): Promise<void>;
  restoreNode(node: string): Promise<void>;
  /** The Redis master of the Sentinel set, as the sentinels see it. */
  redisMaster(): Promise<{ name: string; node: string }>;
  /** Kills the Redis master; heal with restoreRedis(name). */
  killRedisMaster(): Promise<{ name: string }>;
  restoreRedis(name: string): Promise<void>;
  /** The role (master or replica) of each Redis member. */
  redisRoles(): Promise<Record<string, string>>;
  /**
   * Resolves once every Redis is in the role its layout says, before a fault: the one-node Redis
   * a master (a replica is an error at once, and a warning naming what it replicates); a Sentinel
   * set's sentinels all naming one master and knowing every replica and every other sentinel.
   * Nothing to wait for without Redis. The error says what was expected and last seen.
   */
  waitForRedisSettled(options?: { timeoutMs?: number; signal?: AbortSignal }): Promise<void>;
  /** The logs of the sentinels and the Redis servers, oldest line first: evidence when a Redis milestone is missed. */
  redisLogs(): Promise<{ name: string; lines: string[] }[]>;
  restartDatabase(): Promise<void>;
  /** Log lines of an instance, including one that has been deleted. */
  logs(name: string): Promise<LogLine[]>;
  /** A URL that reaches one instance directly, bypassing the load balancer. */
  instanceUrl(name: string): Promise<string>;
  stop(): Promise<void>;
}
