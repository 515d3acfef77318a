// How the suite asks an application for a token, a strategy of the target: Keycloak's client
// credentials (Entando 7 through the operator, and the reference app that stands in for it),
// or Entando 6's own OAuth2 endpoint, a password grant with the client in HTTP Basic (its
// `appbuilder` client refuses client_credentials).
import type { AppCredentials } from '../targets/target.js';

export type TokenGrant = 'client_credentials' | 'password';

export interface TokenRequest {
  headers: Record<string, string>;
  body: string;
}

export function tokenRequest(grant: TokenGrant, credentials: AppCredentials): TokenRequest {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (grant === 'password') {
    headers.authorization = `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}`;
    const form = { grant_type: 'password', username: credentials.username, password: credentials.password };
    return { headers, body: new URLSearchParams(form).toString() };
  }
  const form = { grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret };
  return { headers, body: new URLSearchParams(form).toString() };
}
