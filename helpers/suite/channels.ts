// The probe channels a scenario runs, built from what the target says about its endpoints.
import type { BrowserSpecInput } from '../probes/browser-channel.js';
import { CHANNEL_DEFAULTS, type ChannelSpec } from '../probes/channel.js';
import type { StartedTarget } from '../targets/target.js';

export type ChannelName = 'incognito' | 'session' | 'api' | 'db';

/**
 * incognito: the guide's private window (render, new connection, no cookie);
 * session: a logged-in user (render, cookies, keep-alive);
 * api: the health endpoint;
 * db: an API read that always reaches the database (page templates are never cached), with
 *     `bearerToken` where the API has no guest reads.
 */
export function channels(target: StartedTarget, names: ChannelName[] = ['incognito', 'session', 'api'], options: { bearerToken?: string } = {}): ChannelSpec[] {
  const e = target.endpoints;
  const app = `${e.baseUrl}${e.contextPath}`;
  const render = { check: 'render' as const, url: `${app}/`, marker: e.renderMarker, affinityCookie: e.affinityCookie, ...CHANNEL_DEFAULTS };
  const specs: Record<ChannelName, ChannelSpec> = {
    incognito: { name: 'incognito', mode: 'incognito', ...render },
    session: {
      name: 'session',
      mode: 'session',
      ...render,
      login: {
        url: `${e.baseUrl}${e.loginPath}`,
        form: { username: target.credentials.username, password: target.credentials.password },
        marker: e.sessionMarker,
      },
    },
    api: { name: 'api', mode: 'incognito', check: 'api', url: `${e.baseUrl}${e.healthPath}`, ...CHANNEL_DEFAULTS },
    db: { name: 'db', mode: 'incognito', check: 'api', url: `${app}/api/pageModels`, ...CHANNEL_DEFAULTS, ...(options.bearerToken ? { bearerToken: options.bearerToken } : {}) },
  };
  return names.map((name) => specs[name]);
}

/**
 * A fresh-context visit costs Chromium about 0.8 to 1 CPU-second on these 2-core machines
 * (bench/browser-channel.ts): every 500 ms it would take both cores from the application it
 * judges. The guide's steps look through the browser once a second, two visits at most at once,
 * since beside a target a visit and its screenshot take 1.1 to 1.5 s.
 */
export const SCENARIO_BROWSER_CADENCE_MS = 1_000;

/** The guide's private window in a real browser: the page, its assets and its scripts; undefined when the target names no marker for it. */
export function browserChannel(target: StartedTarget): BrowserSpecInput | undefined {
  const e = target.endpoints;
  if (!e.browserMarker) return undefined;
  return { name: 'browser', url: `${e.baseUrl}${e.contextPath}/`, markerSelector: e.browserMarker, cadenceMs: SCENARIO_BROWSER_CADENCE_MS };
}
