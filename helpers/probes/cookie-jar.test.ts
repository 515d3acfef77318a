import { describe, expect, it } from 'vitest';
import { CookieJar } from './cookie-jar.js';

const page = 'http://127.0.0.1:8080/entando-de-app/';

describe('cookie jar', () => {
  it('stops sending a cookie the server deleted with an Expires in the past', () => {
    const jar = new CookieJar();
    jar.store(['JSESSIONID=abc; Path=/', 'ROUTE=r1; Path=/'], page);
    expect(jar.header(page)).toBe('JSESSIONID=abc; ROUTE=r1');
    jar.store('JSESSIONID=deleted; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT', page);
    expect(jar.header(page)).toBe('ROUTE=r1');
  });

  it('deletes on Max-Age=0 and keeps a cookie for its Path only', () => {
    const jar = new CookieJar();
    jar.store(['ROUTE=r1; Path=/; Max-Age=0', 'admin=1; Path=/entando-de-app/api'], page);
    expect(jar.header(page)).toBeUndefined();
    expect(jar.header('http://127.0.0.1:8080/entando-de-app/api/health')).toBe('admin=1');
    expect(jar.get('admin', page)).toBeUndefined();
  });

  it('ignores a malformed Set-Cookie, as a browser does', () => {
    const jar = new CookieJar();
    jar.store(['=novalue', 'ok=1'], page);
    expect(jar.header(page)).toBe('ok=1');
  });
});
