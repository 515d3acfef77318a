// What the load channel asks of a target, as its users would: the rendered page, a guest API
// read (where the API has guest reads), the page of a signed-in user (with the session and
// affinity cookies a login gave) and a sign-in, the one write (a load balancer rightly retries
// no POST that reached an instance, so a sign-in in flight when an instance exits is lost, where
// a page is retried elsewhere). Vegeta takes them in turn. Not the health path: it answers 503
// while an instance drains, by design (that is how the load balancer learns to stop sending).
import type { LoadSpecInput, LoadTarget } from '../load/load-spec.js';
import { CHANNEL_DEFAULTS } from '../probes/channel.js';
import { CookieJar } from '../probes/cookie-jar.js';
import { signIn } from '../probes/sign-in.js';
import type { StartedTarget } from '../targets/target.js';
import { envVar } from './environment.js';
import type { TargetKind } from './target-kind.js';

/**
 * The most a case's own load asks of kind's cluster. Its four nodes share these 2 cores with
 * Traefik and Docker's port proxy: at 300/s, pod deletion's load queued to 1.5 s and every channel
 * timed out for 11 s before the fault (2026-12-02); at 150 and 200/s it was all served.
 */
export const KIND_CASE_LOAD_PER_SECOND = 200;

/** The rate of a scenario's load: CHAOS_LOAD_RATE (`--load`) for every scenario, else the case's own (on kind at most KIND_CASE_LOAD_PER_SECOND), else none. */
export function loadRate(caseRate: number | undefined, target: TargetKind, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const asked = envVar('CHAOS_LOAD_RATE', env);
  if (asked !== undefined || caseRate === undefined) return asked;
  return target === 'kind' ? Math.min(caseRate, KIND_CASE_LOAD_PER_SECOND) : caseRate;
}

export async function loadTargets(target: StartedTarget): Promise<LoadTarget[]> {
  const e = target.endpoints;
  const app = `${e.baseUrl}${e.contextPath}`;
  const accept = (type: string) => ({ 'user-agent': 'entando-chaos-load', accept: type });
  const jar = new CookieJar();
  const login = { url: `${e.baseUrl}${e.loginPath}`, form: { username: target.credentials.username, password: target.credentials.password } };
  await signIn(login, jar, { timeoutMs: CHANNEL_DEFAULTS.timeoutMs });
  const cookie = jar.header(`${app}/`);
  if (!cookie) throw new Error(`the load's sign-in at ${login.url} set no cookie for ${app}/`);
  return [
    { name: 'page', method: 'GET', url: `${app}/`, headers: accept('text/html') },
    ...(e.guestReads ? [{ name: 'api-read', method: 'GET' as const, url: `${app}/api/pageModels`, headers: accept('application/json') }] : []),
    { name: 'session-page', method: 'GET', url: `${app}/`, headers: { ...accept('text/html'), cookie } },
    { name: 'sign-in', method: 'POST', url: login.url, headers: { ...accept('text/html'), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(login.form).toString() },
  ];
}

export async function loadSpec(target: StartedTarget, ratePerSecond: number): Promise<LoadSpecInput> {
  return { name: 'load', ratePerSecond, timeoutMs: CHANNEL_DEFAULTS.timeoutMs, targets: await loadTargets(target) };
}
