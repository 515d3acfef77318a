// Every environment variable the suite reads, with its meaning, checked where it is read: a bad
// value is refused naming the variable, the value and what was expected, instead of being taken
// for the default (an unknown CHAOS_PROFILE used to run the reference profile without a word).
// An empty value counts as unset. Functions take `env = process.env` so tests can pass their own.
import { z } from 'zod';
import { LOAD_LIMITS, parseRate } from '../load/load-spec.js';
import { PROFILE_NAMES } from '../targets/kubernetes/profiles.js';
import { APP_NAMES } from '../targets/topology.js';
import { httpUrl, numberIn, oneOf } from '../validation/leaves.js';
import { mustBe, parseWith, type Problem } from '../validation/problems.js';

const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const IMAGE = /^[^\s-][^\s]*$/;

const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

/** A comma-separated list whose every item matches `item`. */
const listOf = (item: RegExp, phrase: string) =>
  z.string({ error: phrase }).refine((s) => list(s).length > 0 && list(s).every((i) => item.test(i)), { error: phrase }).transform(list);

const rateOrUndefined = (s: string) => {
  try {
    return parseRate(s);
  } catch {
    return undefined;
  }
};

const text = () => z.string().optional();
const image = (what: string) =>
  z.string({ error: 'an image name such as redis:7.2-bookworm' }).regex(IMAGE).optional().describe(what);
const port = z
  .string({ error: 'an integer from 1024 to 65535' })
  .regex(/^\d+$/)
  .transform(Number)
  .pipe(numberIn({ min: 1024, max: 65535, integer: true }));

export const environmentSchema = z.object({
  CHAOS_TARGET: oneOf(['local-docker', 'kind'])
    .default('local-docker')
    .describe('Where the scenarios run: local-docker (the embedded target) or kind (the cluster `npm run cluster:up` made).'),
  CHAOS_APP: oneOf(APP_NAMES)
    .default('entando-engine')
    .describe('The application an assessment deploys on the embedded target: entando-engine (the Entando 6.2 App Engine) or reference (set by `npm start -- --app`).'),
  CHAOS_RUN_ID: z
    .string({ error: 'a run id of letters, digits, dots, dashes and underscores' })
    .regex(/^[\w.-]+$/)
    .optional()
    .describe('Set by `entando-chaos run` for the processes vitest starts: the id every result of this run carries (made on first use when unset).'),
  CHAOS_SLO_FILE: text().describe('A JSON file of SLO overrides, layered over the defaults (and over fixtures/kind/slo.json on kind).'),
  CHAOS_REPORTS_DIR: text().describe('Where reports, journals and results are written (default: reports/ in the project).'),
  CHAOS_NAMESPACE: z
    .string({ error: 'a Kubernetes namespace name (lowercase letters, digits and dashes)' })
    .regex(NAMESPACE)
    .optional()
    .describe('The Kubernetes namespace of the application (default entando).'),
  CHAOS_NAMESPACES: listOf(NAMESPACE, 'comma-separated Kubernetes namespace names')
    .optional()
    .describe('Guardrail: the namespaces the suite may act in, comma-separated (default: CHAOS_NAMESPACE only).'),
  CHAOS_PROFILE: oneOf(PROFILE_NAMES)
    .optional()
    .describe('The application profile on Kubernetes: reference (the reference app), entando (an EntandoApp) or entando-engine (the Entando 6.2.27 engine cluster:up deploys); default reference.'),
  CHAOS_INGRESS_URL: httpUrl()
    .optional()
    .describe('Where the probes reach the application on Kubernetes (default http://127.0.0.1:<CHAOS_INGRESS_PORT>).'),
  CHAOS_INGRESS_PORT: port.optional().describe("The 127.0.0.1 port kind's ingress is published on (default 8480); cluster:up's --port wins over it."),
  CHAOS_LOAD_RATE: z
    .string()
    .refine((s) => rateOrUndefined(s) !== undefined, { error: `a whole number of requests a second from 1 to ${LOAD_LIMITS.maxRatePerSecond}, like 300/s` })
    .transform((s) => parseRate(s))
    .optional()
    .describe('Every scenario under a constant load at this rate (Vegeta, beside the probes), e.g. 300/s; `npm start -- --load 300/s` sets it.'),
  CHAOS_CHROMIUM: text().describe('The Chromium (or Chrome) executable the browser channel drives, instead of `command -v chromium`.'),
  CHAOS_BROWSER_MARKER: text().describe("A CSS selector the page's DOM matches once its scripts ran, for the browser channel, instead of the Kubernetes profile's."),
  CHAOS_RENDER_MARKER: text().describe("Text every rendered page holds, instead of the Kubernetes profile's."),
  CHAOS_SESSION_MARKER: text().describe("Text a page holds when the user is signed in, instead of the Kubernetes profile's."),
  CHAOS_ALLOWED_CONTEXTS: listOf(/^\S+$/, 'comma-separated kube context names (* for any characters)')
    .optional()
    .describe('Guardrail: kube contexts faults may be injected into besides kind-*, comma-separated, * as a wildcard.'),
  CHAOS_DEBIAN_MIRROR: httpUrl()
    .optional()
    .describe('The Debian mirror offline image builds bootstrap from (default: one found in /etc/apt/sources.list*).'),
  CHAOS_IMAGE_POSTGRES: image("PostgreSQL's image, on the embedded target and kind (default postgres:16-bookworm)."),
  CHAOS_IMAGE_REDIS: image("Redis's image, on the embedded target and kind (default redis:7.2-bookworm)."),
  CHAOS_IMAGE_HAPROXY: image("HAProxy's image, the load balancer (default haproxy:2.8-bookworm)."),
  CHAOS_IMAGE_NODE: image('The Node.js image the reference app is built on (default node:20-bookworm-slim).'),
  CHAOS_KIND_NODE_IMAGE: image("kind's node image (default kind's own, else the offline build from source)."),
  CHAOS_TRAEFIK_IMAGE: image("Traefik's image on kind (default traefik:v3.6, else the offline build)."),
  KEEP_ON_FAILURE: oneOf(['1', '0'])
    .optional()
    .transform((v) => v === '1')
    .describe("1: leave a failed test's target, or one that failed to start, up for inspection (npm run target:down removes it)."),
  GITHUB_STEP_SUMMARY: text().describe('Set by GitHub Actions: the file the markdown summary is appended to.'),
});

export type Environment = z.output<typeof environmentSchema>;
export type VariableName = keyof Environment;

export class EnvironmentError extends Error {
  override name = 'EnvironmentError';
}

const unsetIfEmpty = (value: string | undefined) => (value === '' ? undefined : value);

function refuse(name: string, raw: string | undefined) {
  return (problems: Problem[]) =>
    new EnvironmentError(problems.map((p) => mustBe({ ...p, path: [], value: raw }, { name: () => name })).join('; '));
}

/** The value of one variable, checked by its schema (defaults applied). */
export function envVar<K extends VariableName>(name: K, env: NodeJS.ProcessEnv = process.env): Environment[K] {
  const raw = unsetIfEmpty(env[name]);
  // The shape is indexed by a generic key, which TypeScript widens to the union of every variable's schema.
  const schema = environmentSchema.shape[name] as unknown as z.ZodType<Environment[K]>;
  return parseWith(schema, raw, refuse(name, raw));
}

/** Every variable at once, so that a run refuses all its bad values before anything starts. */
export function checkEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const name of Object.keys(environmentSchema.shape) as VariableName[]) {
    try {
      values[name] = envVar(name, env);
    } catch (error) {
      if (!(error instanceof EnvironmentError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) throw new EnvironmentError(problems.length === 1 ? problems[0] : `${problems.length} environment variables are wrong:\n  ${problems.join('\n  ')}`);
  return values as Environment;
}

/** "CHAOS_TARGET: Where the scenarios run: ...", one line per variable (for the README and --help). */
export function describeEnvironment(): string[] {
  return Object.entries(environmentSchema.shape).map(([name, schema]) => `${name}: ${schema.description ?? ''}`);
}
