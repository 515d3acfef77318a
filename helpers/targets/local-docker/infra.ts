// The containers around the application: PostgreSQL, Redis (one node or a Sentinel set) and
// the load balancer. Each is a function from the run's context to a started container, built
// on testcontainers' module where there is one (PostgreSqlContainer, RedisContainer).
import type { StartedPostgreSqlContainer } from '@testcontainers/postgresql';
import type { StartedRedisContainer } from '@testcontainers/redis';
import { Wait } from 'testcontainers';
import { ChaosContainer, ChaosPostgreSqlContainer, ChaosRedisContainer } from './chaos-container.js';
import { haproxyConfig, LB_PORT, type LoadBalancerSettings } from '../haproxy-config.js';
import { runLabels } from '../../docker/labels.js';
import { DB, type RunContext } from './run-context.js';
import { redisArgs, sentinelConfig, singleRedisArgs } from './sentinel-config.js';

/** Where singletons (database, single Redis, load balancer) run: outside the app nodes, like a managed service. */
export const INFRA_NODE = 'infra';
const STARTUP_TIMEOUT_MS = 60_000;
/** Docker 20.10 has no faster start interval: a second, as the check runs for the container's life. */
const HEALTH_INTERVAL_MS = 1_000;

/** PostgreSQL with DB.database, and the application's other databases (the engine's second, say). */
export async function startPostgres(ctx: RunContext, extraDatabases: string[] = []): Promise<StartedPostgreSqlContainer> {
  const postgres = await new ChaosPostgreSqlContainer(ctx.images.postgres)
    .withName(`${ctx.runId}-postgres`)
    .onNetwork(ctx.network, DB.host)
    .withLabels(runLabels(ctx.runId, 'postgres', INFRA_NODE))
    .withUsername(DB.user)
    .withPassword(ctx.secrets.pgPassword)
    .withDatabase(DB.database)
    // Durability against a machine crash is not under test; speed is.
    .withCommand(['postgres', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'])
    // The module's own check puts the password on the check's command line, where `docker
    // inspect` and the engine's log show it; pg_isready needs none. Over TCP: the entrypoint's
    // first server, which sets the database up, listens on its socket only.
    .withHealthCheck({
      test: ['CMD', 'pg_isready', '-h', '127.0.0.1', '-U', DB.user, '-d', DB.database],
      interval: HEALTH_INTERVAL_MS,
      timeout: 1_000,
      retries: 3,
      // Failures while initdb runs do not count towards unhealthy.
      startPeriod: STARTUP_TIMEOUT_MS,
    })
    .withWaitStrategy(Wait.forHealthCheck())
    .withStartupTimeout(STARTUP_TIMEOUT_MS)
    .start();
  for (const database of extraDatabases) {
    const created = await postgres.exec(['psql', '-U', DB.user, '-d', DB.database, '-c', `CREATE DATABASE "${database}"`]);
    if (created.exitCode !== 0) throw new Error(`creating database ${database} in PostgreSQL failed: ${created.output.trim()}`);
  }
  return postgres;
}

export function startRedisSingle(ctx: RunContext): Promise<StartedRedisContainer> {
  return new ChaosRedisContainer(ctx.images.redis)
    .withName(`${ctx.runId}-redis`)
    .onNetwork(ctx.network, 'redis')
    .withLabels(runLabels(ctx.runId, 'redis', INFRA_NODE))
    .withCommand(singleRedisArgs())
    .withStartupTimeout(STARTUP_TIMEOUT_MS)
    .start();
}

/** One member of the Sentinel set's replication group, redis-<i>, replicating from masterHost unless it is the master. */
export function startRedisMember(ctx: RunContext, index: number, node: string, masterHost: string): Promise<StartedRedisContainer> {
  const self = `redis-${index}`;
  return new ChaosRedisContainer(ctx.images.redis)
    .withName(`${ctx.runId}-${self}`)
    .onNetwork(ctx.network, self)
    .withLabels(runLabels(ctx.runId, 'redis', node))
    .withCommand(redisArgs(self, masterHost))
    .withStartupTimeout(STARTUP_TIMEOUT_MS)
    .start();
}

/** A sentinel: a generic container, since RedisContainer's port and readiness are a Redis server's. */
export function startSentinel(ctx: RunContext, index: number, node: string, masterHost: string) {
  const self = `sentinel-${index}`;
  return new ChaosContainer(ctx.images.redis)
    .withName(`${ctx.runId}-${self}`)
    .onNetwork(ctx.network, self)
    .withLabels(runLabels(ctx.runId, 'sentinel', node))
    // Sentinel rewrites its configuration file, so it gets a writable copy.
    .withCopyContentToContainer([{ content: sentinelConfig(self, masterHost), target: '/data/sentinel.conf', mode: 0o666 }])
    .withCommand(['redis-server', '/data/sentinel.conf', '--sentinel'])
    .withWaitStrategy(Wait.forLogMessage('+monitor master'))
    .withStartupTimeout(STARTUP_TIMEOUT_MS)
    .start();
}

export function startLoadBalancer(ctx: RunContext, lb: Pick<LoadBalancerSettings, 'mode' | 'affinity' | 'healthPath' | 'slots'>) {
  const config = haproxyConfig({ ...lb, cookieKey: ctx.secrets.cookieKey });
  return new ChaosContainer(ctx.images.haproxy)
    .withName(`${ctx.runId}-lb`)
    .onNetwork(ctx.serviceNetwork, 'lb')
    .withLabels(runLabels(ctx.runId, 'lb', INFRA_NODE))
    .withCopyContentToContainer([{ content: config, target: '/usr/local/etc/haproxy/haproxy.cfg' }])
    .withExposedPorts(LB_PORT)
    .withWaitStrategy(Wait.forLogMessage(/Loading success|New worker/))
    .withStartupTimeout(STARTUP_TIMEOUT_MS)
    .start();
}
