// A probe channel: what a kind of user does, on a fixed schedule. Specs are data, checked up
// front by a schema, with an error naming the channel, the field and the bad value.
import { z } from 'zod';
import { httpUrl, kebabName, numberIn, oneOf } from '../validation/leaves.js';
import { dotted, mustBe, parseWith, type Path, type Problem } from '../validation/problems.js';

const loginSchema = z.strictObject({
  /** Form POSTed once at start (and again after a lost session). */
  url: httpUrl(),
  form: z.record(z.string(), z.string(), { error: 'an object of form fields and their values' }),
  /** Present in a page when the session is known ("Signed in as admin"). */
  marker: z.string({ error: 'a non-empty text' }).min(1),
});

export type LoginSpec = z.infer<typeof loginSchema>;

const TIMEOUT_MS = { min: 1, max: 120_000 };

export const channelSpecSchema = z
  .strictObject({
    name: kebabName(),
    /** incognito: a new connection per request and no cookies (the guide's private window);
     *  session: keep-alive connections and a cookie jar (affinity cookie, login session), like a working user. */
    mode: oneOf(['incognito', 'session']),
    /** render: an HTML page holding `marker`; api: a JSON health answer. */
    check: oneOf(['render', 'api']),
    url: httpUrl(),
    cadenceMs: numberIn({ min: 0.1, max: 60_000, unit: 'milliseconds' }),
    timeoutMs: numberIn({ ...TIMEOUT_MS, unit: 'milliseconds' }),
    /** A success slower than this counts as unavailable for its whole wait (bounded by timeoutMs, below). */
    slowMs: z.number({ error: 'a number of milliseconds' }),
    marker: z.string().optional(),
    login: loginSchema.optional(),
    /** Sent as `Authorization: Bearer` (an API whose reads need a token, as Entando 6.2's do); never shown. */
    bearerToken: z.string().min(1).optional(),
    /** Name of the load balancer's affinity cookie, used to tell instances apart when no header says. */
    affinityCookie: z.string().optional(),
  })
  .superRefine((spec, ctx) => {
    // Against a timeout out of range, slowMs has no bound to be judged by: timeoutMs's own problem says enough.
    const timeoutInRange = spec.timeoutMs >= TIMEOUT_MS.min && spec.timeoutMs <= TIMEOUT_MS.max;
    if (timeoutInRange && !(spec.slowMs >= 1 && spec.slowMs <= spec.timeoutMs)) {
      ctx.addIssue({ code: 'custom', path: ['slowMs'], message: `a number of milliseconds from 1 to timeoutMs (${spec.timeoutMs})` });
    }
    // Said of the mode, not the login: the login's form holds a password.
    if (spec.login && spec.mode !== 'session') ctx.addIssue({ code: 'custom', path: ['mode'], message: 'session when login is set' });
  });

export type ChannelSpec = z.infer<typeof channelSpecSchema>;

export const CHANNEL_DEFAULTS = { cadenceMs: 50, timeoutMs: 2_000, slowMs: 1_000 } as const;

export class ChannelSpecError extends Error {
  override name = 'ChannelSpecError';
}

/** Only the login's URL and marker are ever shown: its form holds a password; a token is never shown. */
const hidden = (path: Path) => path[0] === 'bearerToken' || (path[0] === 'login' && path[1] !== 'url' && path[1] !== 'marker');

/** "channel "session": slowMs must be ...": every channel's spec (HTTP or browser) is refused alike. */
export function channelSpecError(name: unknown, problems: Problem[], hidden?: (path: Path) => boolean): ChannelSpecError {
  const channel = `channel ${typeof name === 'string' ? JSON.stringify(name) : '(unnamed)'}`;
  return new ChannelSpecError(`${channel}: ${problems.map((p) => mustBe(p, { name: dotted, hidden })).join('; ')}`);
}

export function validateChannel(spec: ChannelSpec): ChannelSpec {
  return parseWith(channelSpecSchema, spec, (problems) => channelSpecError(spec.name, problems, hidden));
}
