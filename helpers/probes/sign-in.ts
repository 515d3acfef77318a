// A login form posted as a browser posts it, its cookies kept in the jar: the session channel's
// login, and the load's logged-in requests.
import { request, type Dispatcher } from 'undici';
import type { CookieJar } from './cookie-jar.js';

export async function signIn(login: { url: string; form: Record<string, string> }, jar: CookieJar, options: { timeoutMs: number; dispatcher?: Dispatcher }): Promise<void> {
  jar.clear();
  const res = await request(login.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(login.form).toString(),
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  await res.body.dump();
  jar.store(res.headers['set-cookie'], login.url);
  if (res.statusCode >= 400) throw new Error(`login at ${login.url} answered HTTP ${res.statusCode}`);
}
