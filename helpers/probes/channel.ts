// A probe channel: what a kind of user does, on a fixed schedule. Specs are data, validated
// up front with an error naming the field and the bad value.

export interface LoginSpec {
  /** Form POSTed once at start (and again after a lost session). */
  url: string;
  form: Record<string, string>;
  /** Present in a page when the session is known ("Signed in as admin"). */
  marker: string;
}

export interface ChannelSpec {
  name: string;
  /** incognito: a new connection per request and no cookies (the guide's private window);
   *  session: keep-alive connections and a cookie jar (affinity cookie, login session), like a working user. */
  mode: 'incognito' | 'session';
  /** render: an HTML page holding `marker`; api: a JSON health answer. */
  check: 'render' | 'api';
  url: string;
  cadenceMs: number;
  timeoutMs: number;
  /** A success slower than this counts as unavailable for its whole wait. */
  slowMs: number;
  marker?: string;
  login?: LoginSpec;
  /** Name of the load balancer's affinity cookie, used to tell instances apart when no header says. */
  affinityCookie?: string;
}

export const CHANNEL_DEFAULTS = { cadenceMs: 50, timeoutMs: 2_000, slowMs: 1_000 } as const;

export class ChannelSpecError extends Error {
  override name = 'ChannelSpecError';
}

export function validateChannel(spec: ChannelSpec): ChannelSpec {
  const fail = (field: string, expected: string, value: unknown) => {
    throw new ChannelSpecError(`channel ${JSON.stringify(spec.name)}: ${field} must be ${expected}, got ${JSON.stringify(value)}`);
  };
  if (!spec.name || !/^[a-z0-9-]+$/.test(spec.name)) fail('name', 'lowercase letters, digits and dashes', spec.name);
  if (!['incognito', 'session'].includes(spec.mode)) fail('mode', 'incognito or session', spec.mode);
  if (!['render', 'api'].includes(spec.check)) fail('check', 'render or api', spec.check);
  let url: URL | undefined;
  try {
    url = new URL(spec.url);
  } catch {
    fail('url', 'an absolute http(s) URL', spec.url);
  }
  if (url && !['http:', 'https:'].includes(url.protocol)) fail('url', 'an http or https URL', spec.url);
  if (!(spec.cadenceMs >= 0.1 && spec.cadenceMs <= 60_000)) fail('cadenceMs', 'a number of milliseconds from 0.1 to 60000', spec.cadenceMs);
  if (!(spec.timeoutMs >= 1 && spec.timeoutMs <= 120_000)) fail('timeoutMs', 'a number of milliseconds from 1 to 120000', spec.timeoutMs);
  if (!(spec.slowMs >= 1 && spec.slowMs <= spec.timeoutMs)) fail('slowMs', `a number of milliseconds from 1 to timeoutMs (${spec.timeoutMs})`, spec.slowMs);
  // The login's URL only: its form holds a password.
  if (spec.login && spec.mode !== 'session') fail('login', 'set only on a session channel', spec.login.url);
  return spec;
}
