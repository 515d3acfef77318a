// The load balancer in front of the instances (the ingress stand-in). Instances are found
// through DNS under one name (Docker's network alias here; a headless Service's name on a
// cluster, where the same configuration is the reference profile's edge), so scaling and
// replacement need no reload.

export const LB_PORT = 8080;
export const APP_PORT = 8080;
export const APP_ALIAS = 'app';
export const AFFINITY_COOKIE = 'ROUTE';
/** HAProxy's runtime API (admin level), on the container's address only (not published). */
export const RUNTIME_API_PORT = 9999;
/** HAProxy's statistics in CSV, on the container's address only (not published). */
export const STATS_PORT = 8404;
export const STATS_PATH = '/stats;csv';

export interface LoadBalancerSettings {
  mode: 'ha' | 'naive';
  /** cookie (default): the affinity cookie pins a browser to an instance; none: no cookie, every request balanced on its own. */
  affinity?: 'cookie' | 'none';
  healthPath: string;
  slots: number;
  /** Key for the affinity cookie's hash; any value works, it only has to be fixed for the run. */
  cookieKey: string;
  /** The affinity cookie's name (default ROUTE, as in Entando's guide). */
  cookieName?: string;
  /** Where the instances are found: Docker's embedded DNS and the network alias by default. */
  discovery?: { nameserver: string; host: string };
}

export function haproxyConfig(s: LoadBalancerSettings): string {
  const ha = s.mode === 'ha';
  const { nameserver, host } = s.discovery ?? { nameserver: '127.0.0.11:53', host: APP_ALIAS };
  // hold obsolete: the naive load balancer, a fixed server list, keeps routing to an instance
  // whose address left Docker's DNS (its node died); dropping it at once acted as a health check.
  const check = ha ? ' check inter 300ms fastinter 200ms downinter 500ms fall 2 rise 2' : '';
  return `global
  maxconn 8192
  stats socket ipv4@0.0.0.0:${RUNTIME_API_PORT} level admin

defaults
  mode http
  timeout connect 500ms
  timeout client 30s
  timeout server 10s
  timeout check 400ms
  timeout http-keep-alive 10s
${ha ? `  retries 3
  option redispatch 1
  retry-on conn-failure empty-response response-timeout
` : '  retries 0\n'}
resolvers discovery
  nameserver dns ${nameserver}
  accepted_payload_size 8192
  resolve_retries 3
  timeout resolve 250ms
  timeout retry 250ms
  hold valid 1s
  hold other 1s
  hold refused 1s
  hold nx 1s
  hold timeout 1s
  hold obsolete ${ha ? '0s' : '60s'}

frontend stats
  bind :${STATS_PORT}
  stats enable
  stats uri /stats
  stats refresh 1s
  # without it the CSV leaves server addresses empty
  stats show-legends

frontend web
  bind :${LB_PORT}
  unique-id-format %{+X}o%ci%cp%fi%fp%Ts%rt%pid
  http-request set-header X-Request-Id %[unique-id] unless { req.hdr(x-request-id) -m found }
${ha ? '  # a write is retried only when it never reached an instance\n  http-request disable-l7-retry unless METH_GET or METH_HEAD\n' : ''}  default_backend app

backend app
  balance roundrobin
${s.affinity === 'none' ? '' : `  cookie ${s.cookieName ?? AFFINITY_COOKIE} insert indirect nocache dynamic
  dynamic-cookie-key ${s.cookieKey}
`}${ha ? `  option httpchk GET ${s.healthPath}\n  http-check expect status 200\n` : ''}  server-template app 1-${s.slots} ${host}:${APP_PORT}${check} resolvers discovery init-addr none resolve-prefer ipv4
`;
}
