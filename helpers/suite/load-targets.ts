// What the load channel asks of a target, as its users would: the rendered page, the health
// path, a guest API read (where the API has guest reads) and the page of a signed-in user (with
// the session and affinity cookies a login gave). Vegeta takes them in turn.
import type { LoadSpecInput, LoadTarget } from '../load/load-spec.js';
import { CHANNEL_DEFAULTS } from '../probes/channel.js';
import { CookieJar } from '../probes/cookie-jar.js';
import { signIn } from '../probes/sign-in.js';
import type { StartedTarget } from '../targets/target.js';
import { envVar } from './environment.js';

/** The rate of a scenario's load: CHAOS_LOAD_RATE (`--load`) for every scenario, else the case's own, else none. */
export function loadRate(caseRate?: number, env: NodeJS.ProcessEnv = process.env): number | undefined {
  return envVar('CHAOS_LOAD_RATE', env) ?? caseRate;
}

export async function loadTargets(target: StartedTarget): Promise<LoadTarget[]> {
  const e = target.endpoints;
  const app = `${e.baseUrl}${e.contextPath}`;
  const accept = (type: string) => ({ 'user-agent': 'entando-chaos-load', accept: type });
  const jar = new CookieJar();
  await signIn({ url: `${e.baseUrl}${e.loginPath}`, form: { username: target.credentials.username, password: target.credentials.password } }, jar, { timeoutMs: CHANNEL_DEFAULTS.timeoutMs });
  const cookie = jar.header(`${app}/`);
  if (!cookie) throw new Error(`the load's sign-in at ${e.baseUrl}${e.loginPath} set no cookie for ${app}/`);
  return [
    { name: 'page', method: 'GET', url: `${app}/`, headers: accept('text/html') },
    { name: 'health', method: 'GET', url: `${e.baseUrl}${e.healthPath}`, headers: accept('application/json') },
    ...(e.guestReads ? [{ name: 'api-read', method: 'GET' as const, url: `${app}/api/pageModels`, headers: accept('application/json') }] : []),
    { name: 'session-page', method: 'GET', url: `${app}/`, headers: { ...accept('text/html'), cookie } },
  ];
}

export async function loadSpec(target: StartedTarget, ratePerSecond: number): Promise<LoadSpecInput> {
  return { name: 'load', ratePerSecond, timeoutMs: CHANNEL_DEFAULTS.timeoutMs, targets: await loadTargets(target) };
}
