// What the suite needs to know about each application profile on Kubernetes: where the
// application is, how to find its pods and process, its URLs, markers and credentials.

import type { TokenGrant } from '../../entando/token-grant.js';
import { ENGINE_ENDPOINTS } from '../entando-engine-app.js';
import { REFERENCE_BROWSER_MARKER } from '../reference-app-page.js';
import { ENGINE_LAYOUT, type TopologyOptions } from '../topology.js';

export const PROFILE_NAMES = ['reference', 'entando', 'entando-engine'] as const;

export interface Profile {
  name: (typeof PROFILE_NAMES)[number];
  /** The Deployment of the App Engine. */
  deployment: string;
  /** The Service the ingress routes to. */
  service: string;
  /** The Ingress that routes users to it. */
  ingress: string;
  /**
   * The topology options the application has no switch for, at the one value it has; absent for
   * the reference app, which has them all. configure() refuses the other values by name.
   */
  fixedLayout?: Partial<TopologyOptions>;
  /** Set when an operator owns the replicas: scale this custom resource's spec.replicas. */
  customResource?: { group: string; version: string; plural: string; name: string };
  selector: string;
  container: string;
  port: number;
  contextPath: string;
  healthPath: string;
  tokenPath: string;
  /** How long one pod may take to start and serve. */
  startupTimeoutMs: number;
  loginPath: string;
  tokenGrant: TokenGrant;
  guestReads: boolean;
  renderMarker: string;
  browserMarker?: string;
  sessionMarker: string;
  /** The application process to `kill -9`, matched against /proc/<pid>/cmdline. */
  process: RegExp;
  credentialsSecret: { name: string; clientId: string; clientSecret: string; password?: string };
  postgres: { selector: string };
  /**
   * The Sentinel set's Redis pods and sentinels, and how many of each it runs when whole;
   * singleSelector and singleDeployment: the one-node Redis the single layout uses. Absent for
   * an application that uses no Redis.
   */
  redis?: {
    selector: string;
    sentinelSelector: string;
    size: { members: number; sentinels: number };
    singleSelector: string;
    singleDeployment: string;
    masterSet: string;
    sentinelPort: number;
  };
}

// Every profile runs the same PostgreSQL manifest, and those with Redis the same Redis ones
// (fixtures/kind/reference/).
const POSTGRES: Profile['postgres'] = { selector: 'app.kubernetes.io/name=postgresql' };
const REDIS: Profile['redis'] = {
  selector: 'app.kubernetes.io/name=redis',
  sentinelSelector: 'app.kubernetes.io/name=redis-sentinel',
  // As reference/redis-sentinel.yaml's StatefulSets run them.
  size: { members: 3, sentinels: 3 },
  singleSelector: 'app.kubernetes.io/name=redis-single',
  singleDeployment: 'redis',
  masterSet: 'mymaster',
  sentinelPort: 26379,
};

export const PROFILES: Record<Profile['name'], Profile> = {
  reference: {
    name: 'reference',
    deployment: 'reference-app',
    service: 'reference-app',
    ingress: 'reference-app',
    selector: 'app.kubernetes.io/name=reference-app',
    container: 'app',
    startupTimeoutMs: 120_000,
    port: 8080,
    contextPath: '/entando-de-app',
    healthPath: '/entando-de-app/api/health',
    tokenPath: '/auth/realms/entando/protocol/openid-connect/token',
    loginPath: '/entando-de-app/do/login',
    tokenGrant: 'client_credentials',
    guestReads: true,
    renderMarker: 'data-entando-rendered="true"',
    browserMarker: REFERENCE_BROWSER_MARKER,
    sessionMarker: 'Signed in as admin',
    process: /\bnode\b/,
    credentialsSecret: { name: 'reference-app-credentials', clientId: 'clientId', clientSecret: 'clientSecret', password: 'adminPassword' },
    postgres: POSTGRES,
    redis: REDIS,
  },
  entando: {
    name: 'entando',
    deployment: 'quickstart-deployment',
    service: 'quickstart-service',
    ingress: 'quickstart-ingress',
    customResource: { group: 'entando.org', version: 'v1', plural: 'entandoapps', name: 'quickstart' },
    selector: 'EntandoApp=quickstart,entando.org/deployment=quickstart',
    container: 'server-container',
    // An App Engine pod on Kubernetes starts in minutes.
    startupTimeoutMs: 600_000,
    port: 8080,
    contextPath: '/entando-de-app',
    healthPath: '/entando-de-app/api/health',
    tokenPath: '/auth/realms/entando/protocol/openid-connect/token',
    loginPath: '/entando-de-app/do/login',
    tokenGrant: 'client_credentials',
    guestReads: true,
    // The default Entando homepage carries its name in the title (inferred; override with CHAOS_RENDER_MARKER).
    renderMarker: 'Entando',
    sessionMarker: 'logout',
    process: /\bjava\b/,
    credentialsSecret: { name: 'quickstart-cm-secret', clientId: 'clientId', clientSecret: 'clientSecret' },
    postgres: POSTGRES,
    redis: REDIS,
  },
  'entando-engine': {
    name: 'entando-engine',
    deployment: 'entando-engine',
    service: 'entando-engine',
    ingress: 'entando-engine',
    selector: 'app.kubernetes.io/name=entando-engine',
    container: 'engine',
    // About a minute alone on the embedded target; on kind it shares the 2 cores with every node.
    startupTimeoutMs: 600_000,
    port: 8080,
    ...ENGINE_ENDPOINTS,
    fixedLayout: ENGINE_LAYOUT,
    process: /\bjava\b/,
    // The client and administrator of the engine's default data (entando-engine-app.ts), in a
    // Secret as an operator would keep them.
    credentialsSecret: { name: 'entando-engine-credentials', clientId: 'clientId', clientSecret: 'clientSecret', password: 'adminPassword' },
    postgres: POSTGRES,
  },
};
