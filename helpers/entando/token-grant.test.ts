import { describe, expect, it } from 'vitest';
import { tokenRequest } from './token-grant.js';

const credentials = { clientId: 'appbuilder', clientSecret: 's3cret', username: 'admin', password: 'pa ss&word' };

describe('token requests', () => {
  it("Keycloak's client credentials: the client in the form, no user", () => {
    const { headers, body } = tokenRequest('client_credentials', credentials);
    expect(headers.authorization).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(body))).toEqual({ grant_type: 'client_credentials', client_id: 'appbuilder', client_secret: 's3cret' });
  });

  it("Entando 6's password grant: the client in HTTP Basic, the user in the form, encoded", () => {
    const { headers, body } = tokenRequest('password', credentials);
    expect(headers.authorization).toBe(`Basic ${Buffer.from('appbuilder:s3cret').toString('base64')}`);
    expect(body).toContain('password=pa+ss%26word');
    expect(Object.fromEntries(new URLSearchParams(body))).toEqual({ grant_type: 'password', username: 'admin', password: 'pa ss&word' });
  });
});
