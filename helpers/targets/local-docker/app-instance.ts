// One App Engine instance (a pod): the reference application's container with Entando's
// variables set from the topology, an init process as PID 1 and restart on crash.
import { Wait } from 'testcontainers';
import { SENTINEL_PORT } from './sentinel-config.js';
import { ChaosContainer } from './chaos-container.js';
import { dockerApi } from '../../docker/docker-api.js';
import { APP_ALIAS } from '../haproxy-config.js';
import { runLabels } from '../../docker/labels.js';
import { DB, type RunContext } from './run-context.js';
import type { TopologyOptions } from '../topology.js';

const STARTUP_TIMEOUT_MS = 60_000;

export function appEnvironment(ctx: RunContext, options: TopologyOptions, name: string): Record<string, string> {
  const redis: Record<string, string> =
    options.redis === 'none'
      ? { REDIS_ACTIVE: 'false' }
      : options.redis === 'single'
        ? { REDIS_ACTIVE: 'true', REDIS_ADDRESS: 'redis://redis:6379' }
        : {
            REDIS_ACTIVE: 'true',
            REDIS_ADDRESSES: [0, 1, 2].map((i) => `sentinel-${i}:${SENTINEL_PORT}`).join(','),
            REDIS_MASTER_NAME: 'mymaster',
          };
  return {
    INSTANCE_ID: name,
    DBMS: options.dbms,
    DB_RECONNECT: String(options.dbReconnect),
    PGHOST: DB.host,
    PGPORT: String(DB.port),
    PGUSER: DB.user,
    PGPASSWORD: ctx.secrets.pgPassword,
    PGDATABASE: DB.database,
    ...redis,
    REDIS_SESSION_ACTIVE: String(options.sessions === 'redis'),
    CLIENT_ID: ctx.secrets.clientId,
    CLIENT_SECRET: ctx.secrets.clientSecret,
    TOKEN_SIGNING_KEY: ctx.secrets.signingKey,
    ADMIN_PASSWORD: ctx.secrets.adminPassword,
    SHUTDOWN_MODE: options.shutdown,
    STARTUP_DELAY_MS: String(options.startDelayMs),
  };
}

export async function startAppInstance(ctx: RunContext, options: TopologyOptions, name: string, node: string) {
  const container = await new ChaosContainer(ctx.images.app)
    .withName(name)
    .withHostname(name)
    .onNetwork(ctx.network)
    .withLabels(runLabels(ctx.runId, 'app', node))
    .withEnvironment(appEnvironment(ctx, options, name))
    .withInit()
    .withRestartOnFailure()
    .withWaitStrategy(Wait.forLogMessage('"msg":"ready"'))
    .withStartupTimeout(STARTUP_TIMEOUT_MS)
    .start();
  // Ready: only now may the load balancer find it.
  await (await dockerApi()).getNetwork(ctx.serviceNetwork).connect({ Container: container.getId(), EndpointConfig: { Aliases: [APP_ALIAS] } });
  return container;
}
