// What the suite knows of the Entando 6.2 App Engine as fixtures/entando-engine builds it,
// wherever it runs (the embedded target, a kind cluster): its URLs, markers, second database
// and the credentials its default data ships with.
import { registerSecret } from '../log/redact.js';
import type { AppCredentials, AppEndpoints } from './target.js';

const CONTEXT_PATH = '/entando-de-app';

export const ENGINE_ENDPOINTS: Omit<AppEndpoints, 'baseUrl' | 'affinityCookie'> = {
  contextPath: CONTEXT_PATH,
  healthPath: `${CONTEXT_PATH}/api/health`,
  tokenPath: `${CONTEXT_PATH}/api/oauth/token`,
  // The admin console's login form: it signs the session in for the portal's pages too.
  loginPath: `${CONTEXT_PATH}/do/doLogin`,
  tokenGrant: 'password',
  guestReads: false,
  renderMarker: 'data-entando-page="homepage"',
  // The home page model names the session's user ("guest" before a login).
  sessionMarker: 'data-entando-user="admin"',
};

/** The engine's second database (servDataSource: the engine's own tables, beside the portal's). */
export const ENGINE_SERV_DATABASE = 'entando_serv';

/**
 * The engine's default data (loaded by the first instance to start) has one API client and one
 * administrator, with these published credentials; they are what a fresh Entando 6.2 has. They
 * are secrets all the same: registered for redaction before they are handed out.
 */
export function engineDefaultCredentials(): AppCredentials {
  const credentials = { clientId: 'appbuilder', clientSecret: 'appbuilder_secret', username: 'admin', password: 'adminadmin' };
  for (const secret of [credentials.clientSecret, credentials.password]) registerSecret(secret);
  return credentials;
}
