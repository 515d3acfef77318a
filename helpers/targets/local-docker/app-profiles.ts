// Which application the embedded target runs, and all it must know about it: its image, its
// databases, its instances' settings, when an instance is up, its URLs, markers and
// credentials. The reference app is the suite's own stand-in with switches for every negative
// control; the Entando 6.2 App Engine is the real thing, built from Entando's published
// artifacts, with no switch the suite could turn.
import { Wait } from 'testcontainers';
import type { WaitStrategy } from 'testcontainers/build/wait-strategies/wait-strategy.js';
import { engineDefaultCredentials, ENGINE_ENDPOINTS, ENGINE_SERV_DATABASE } from '../entando-engine-app.js';
import { ensureEngineImage } from '../entando-engine-image.js';
import { ensureReferenceAppImage } from '../reference-app-image.js';
import { REFERENCE_BROWSER_MARKER } from '../reference-app-page.js';
import type { AppCredentials, AppEndpoints } from '../target.js';
import type { AppName, TopologyOptions } from '../topology.js';
import type { ImageSet } from './images.js';
import { DB, type RunContext } from './run-context.js';
import { SENTINEL_MEMBERS } from './redis-on-docker.js';
import { MASTER_SET, REDIS_PORT, SENTINEL_PORT } from './sentinel-config.js';

const CONTEXT_PATH = '/entando-de-app';
const HEALTH_PATH = `${CONTEXT_PATH}/api/health`;

export interface LocalAppProfile {
  image(images: ImageSet): Promise<string>;
  /** Databases besides DB.database that PostgreSQL must hold before the first instance starts. */
  extraDatabases: string[];
  /** The first instance creates the tables on an empty database: it starts alone, the others once it is up. */
  installsSchema: boolean;
  environment(ctx: RunContext, options: TopologyOptions, name: string): Record<string, string>;
  /** When a started container is an instance that can serve. */
  ready(): WaitStrategy;
  /** How long one instance may take to become ready; the engine's start is about a minute on 2 cores. */
  startupTimeoutMs: number;
  endpoints: Omit<AppEndpoints, 'baseUrl' | 'affinityCookie'>;
  credentials(ctx: RunContext): AppCredentials;
}

function redisEnvironment(options: TopologyOptions): Record<string, string> {
  if (options.redis === 'none') return { REDIS_ACTIVE: 'false' };
  if (options.redis === 'single') return { REDIS_ACTIVE: 'true', REDIS_ADDRESS: `redis://redis:${REDIS_PORT}` };
  return {
    REDIS_ACTIVE: 'true',
    REDIS_ADDRESSES: Array.from({ length: SENTINEL_MEMBERS }, (_, i) => `sentinel-${i}:${SENTINEL_PORT}`).join(','),
    REDIS_MASTER_NAME: MASTER_SET,
  };
}

const reference: LocalAppProfile = {
  image: (images) => ensureReferenceAppImage(images.node),
  extraDatabases: [],
  installsSchema: false,
  environment: (ctx, options, name) => ({
    INSTANCE_ID: name,
    DBMS: options.dbms,
    DB_RECONNECT: String(options.dbReconnect),
    PGHOST: DB.host,
    PGPORT: String(DB.port),
    PGUSER: DB.user,
    PGPASSWORD: ctx.secrets.pgPassword,
    PGDATABASE: DB.database,
    ...redisEnvironment(options),
    REDIS_SESSION_ACTIVE: String(options.sessions === 'redis'),
    CLIENT_ID: ctx.secrets.clientId,
    CLIENT_SECRET: ctx.secrets.clientSecret,
    TOKEN_SIGNING_KEY: ctx.secrets.signingKey,
    ADMIN_PASSWORD: ctx.secrets.adminPassword,
    SHUTDOWN_MODE: options.shutdown,
    STARTUP_DELAY_MS: String(options.startDelayMs),
    ASSETS: options.assets,
  }),
  ready: () => Wait.forLogMessage('"msg":"ready"'),
  startupTimeoutMs: 90_000,
  endpoints: {
    contextPath: CONTEXT_PATH,
    healthPath: HEALTH_PATH,
    tokenPath: '/auth/realms/entando/protocol/openid-connect/token',
    loginPath: `${CONTEXT_PATH}/do/login`,
    tokenGrant: 'client_credentials',
    guestReads: true,
    renderMarker: 'data-entando-rendered="true"',
    browserMarker: REFERENCE_BROWSER_MARKER,
    sessionMarker: 'Signed in as admin',
  },
  credentials: (ctx) => ({
    clientId: ctx.secrets.clientId,
    clientSecret: ctx.secrets.clientSecret,
    username: 'admin',
    password: ctx.secrets.adminPassword,
  }),
};

const entandoEngine: LocalAppProfile = {
  image: () => ensureEngineImage(),
  extraDatabases: [ENGINE_SERV_DATABASE],
  installsSchema: true,
  environment: (ctx, _options, name) => ({
    INSTANCE_NAME: name,
    PORTDB_URL: `jdbc:postgresql://${DB.host}:${DB.port}/${DB.database}`,
    SERVDB_URL: `jdbc:postgresql://${DB.host}:${DB.port}/${ENGINE_SERV_DATABASE}`,
    DB_USER: DB.user,
    DB_PASSWORD: ctx.secrets.pgPassword,
    // Encrypts what the engine stores encrypted; the same on every instance of the run.
    ALGO_DEFAULT_KEY: ctx.secrets.signingKey,
  }),
  // Tomcat says "Server startup" even when the application failed to deploy: the engine's own
  // health endpoint answers 200 only once its Spring context is up. Asked from inside the
  // container (bash's /dev/tcp: the image has no curl), since instances publish no port.
  ready: () =>
    Wait.forSuccessfulCommand(
      `bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080 && printf "GET ${HEALTH_PATH} HTTP/1.0\\r\\n\\r\\n" >&3 && head -n 1 <&3 | grep -q " 200 "'`,
    ),
  startupTimeoutMs: 300_000,
  endpoints: ENGINE_ENDPOINTS,
  credentials: engineDefaultCredentials,
};

export const APP_PROFILES: Record<AppName, LocalAppProfile> = { reference, 'entando-engine': entandoEngine };
