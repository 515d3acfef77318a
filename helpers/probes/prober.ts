// The open-loop prober: every channel sends a request every `cadenceMs`, on schedule,
// whatever earlier requests are doing, so a backend that stalls for 2 s shows as 2 s of
// stalled requests rather than one slow one (no coordinated omission). Each request becomes
// an operation in the history; the prober never decides pass or fail.
import type { IncomingHttpHeaders } from 'node:http';
import { Agent, type Dispatcher } from 'undici';
import { get, type PendingGet } from './http-get.js';
import type { History } from '../history/history.js';
import type { Operation } from '../history/records.js';
import { log } from '../log/log.js';
import { OpenLoop } from './open-loop.js';
import { validateChannel, type ChannelSpec } from './channel.js';
import { classifyError, classifyResponse, type Classified } from './classify.js';
import { CookieJar } from './cookie-jar.js';
import { signIn } from './sign-in.js';
import { waitFor } from '../wait/wait-for.js';

const INSTANCE_HEADER = 'x-entando-instance';
const SESSION_COOKIE = 'JSESSIONID';
const SESSION_ROUTE = /^[^.;]+\.([A-Za-z0-9_-]+)$/;

/** A request in flight, and when it must have been answered. */
interface InFlight {
  deadline: number;
  pending: PendingGet;
}

class ChannelRunner {
  seq = 0;
  readonly jar = new CookieJar();
  readonly dispatcher: Dispatcher;
  private readonly url: URL;
  /** Request headers, rebuilt only when the cookies change: the hot path allocates as little as it can. */
  private headers: Record<string, string>;
  private cookieHeader?: string;
  private relogin?: Promise<void>;

  constructor(
    readonly spec: ChannelSpec,
    private readonly history: History,
    private readonly inFlight: Set<InFlight>,
  ) {
    // Unlimited connections: a stalled request must never hold back the next one.
    this.dispatcher = new Agent({ connections: null, pipelining: 1, keepAliveTimeout: 10_000, connect: { timeout: spec.timeoutMs } });
    this.url = new URL(spec.url);
    this.headers = this.baseHeaders();
  }

  private baseHeaders(): Record<string, string> {
    const headers: Record<string, string> = { 'user-agent': 'entando-chaos-probe', accept: this.spec.check === 'render' ? 'text/html' : 'application/json' };
    if (this.spec.bearerToken) headers.authorization = `Bearer ${this.spec.bearerToken}`;
    return headers;
  }

  private currentHeaders(): Record<string, string> {
    if (this.spec.mode === 'incognito') return this.headers;
    const cookie = this.jar.header(this.spec.url);
    if (cookie !== this.cookieHeader) {
      this.cookieHeader = cookie;
      this.headers = cookie ? { ...this.baseHeaders(), cookie } : this.baseHeaders();
    }
    return this.headers;
  }

  async login(): Promise<void> {
    if (this.spec.login) await signIn(this.spec.login, this.jar, { timeoutMs: this.spec.timeoutMs, dispatcher: this.dispatcher });
  }

  private sessionLost() {
    this.relogin ??= this.login()
      .then(() => void this.history.note('session-login', `${this.spec.name}: logged in again`))
      .catch((error: Error) => void this.history.note('session-login', `${this.spec.name}: login failed: ${error.message}`))
      .finally(() => {
        this.relogin = undefined;
      });
  }

  async fire(scheduled: number): Promise<void> {
    const spec = this.spec;
    const seq = this.seq++;
    const start = this.history.now();
    const incognito = spec.mode === 'incognito';
    const headers = this.currentHeaders();
    let status: number | undefined;
    let body = '';
    let instance: string | undefined;
    let result: Classified;
    // incognito: Connection: close, so the next request opens a new connection.
    const pending = get(this.dispatcher, this.url, headers, { reset: incognito, timeoutMs: spec.timeoutMs });
    const entry: InFlight = { deadline: start + spec.timeoutMs, pending };
    this.inFlight.add(entry);
    try {
      const res = await pending.result;
      status = res.status;
      body = res.body;
      if (!incognito) this.jar.store(res.headers['set-cookie'], spec.url);
      instance = this.answeredBy(res.headers);
      result = classifyResponse(spec.check, status, body, spec.marker);
    } catch (error) {
      result = classifyError(error);
    } finally {
      this.inFlight.delete(entry);
    }
    const end = this.history.now();
    const op: Operation = { type: 'op', channel: spec.name, check: spec.check, seq, scheduled, start, end, outcome: result.outcome, latencyMs: end - scheduled };
    if (status !== undefined) op.status = status;
    if (instance !== undefined) op.instance = instance;
    if (result.error) {
      op.error = result.error;
      op.detail = result.detail;
    }
    if (spec.login && result.outcome === 'ok') {
      op.session = body.includes(spec.login.marker) ? 'kept' : 'lost';
      if (op.session === 'lost') this.sessionLost();
    }
    this.history.append(op);
  }

  /**
   * Who answered: the instance header; else the instance a servlet container's session belongs
   * to, Tomcat's jvmRoute after the dot of JSESSIONID (Entando 6 names no instance in any
   * response; the suite's engine sets each instance's jvmRoute to its name); else the affinity
   * cookie, which at least tells instances apart.
   */
  private answeredBy(headers: IncomingHttpHeaders): string | undefined {
    const header = headers[INSTANCE_HEADER];
    if (typeof header === 'string') return header;
    const setCookie = [headers['set-cookie'] ?? []].flat();
    const route = SESSION_ROUTE.exec(this.cookie(SESSION_COOKIE, setCookie) ?? '')?.[1];
    if (route) return route;
    const name = this.spec.affinityCookie;
    const affinity = name ? this.cookie(name, setCookie) : undefined;
    return affinity ? `${name}=${affinity}` : undefined;
  }

  /** A cookie's value as this response set it, else as the jar holds it. */
  private cookie(name: string, setCookie: string[]): string | undefined {
    const fromResponse = setCookie.find((c) => c.startsWith(`${name}=`));
    return fromResponse ? fromResponse.slice(name.length + 1).split(';')[0] : this.jar.get(name, this.spec.url);
  }

  close() {
    return this.dispatcher.close();
  }
}

/** How often requests past their deadline are expired. */
const SWEEP_MS = 10;
const LOGIN_TIMEOUT_MS = 60_000;

export class Prober {
  private readonly runners: ChannelRunner[];
  private readonly inFlight = new Set<InFlight>();
  private readonly schedule: OpenLoop;
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly history: History,
    channels: ChannelSpec[],
  ) {
    if (channels.length === 0) throw new Error('a prober needs at least one channel');
    const names = channels.map((c) => c.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate) throw new Error(`two channels are named ${JSON.stringify(duplicate)}`);
    this.runners = channels.map((spec) => new ChannelRunner(validateChannel(spec), history, this.inFlight));
    this.schedule = new OpenLoop(() => history.now(), this.runners.map((r) => ({ cadenceMs: r.spec.cadenceMs, fire: (scheduled: number) => r.fire(scheduled) })));
  }

  /** The channels' names. */
  get channels(): string[] {
    return this.runners.map((r) => r.spec.name);
  }

  /**
   * Logs in the session channels, then starts every schedule. A scenario starts from a working
   * application: one that follows a fault may find it still settling (seen on kind: a Redis
   * failover after a node came back made logins answer 500), so the first login is waited for.
   */
  async start(options: { loginTimeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = options.loginTimeoutMs ?? LOGIN_TIMEOUT_MS;
    const firstLogin = async (r: ChannelRunner) => {
      await r.login();
      return { done: true, state: 'logged in' };
    };
    await Promise.all(
      this.runners
        .filter((r) => r.spec.login)
        .map((r) => waitFor(`the first login of channel ${r.spec.name} (${r.spec.login!.url})`, () => firstLogin(r), { timeoutMs, intervalMs: 500 })),
    );
    this.sweeper = setInterval(this.sweep, SWEEP_MS);
    this.schedule.start();
    log.info(`probing ${this.runners.map((r) => `${r.spec.name} (${r.spec.check}, every ${r.spec.cadenceMs} ms)`).join(', ')}`);
  }

  private sweep = () => {
    const now = this.history.now();
    for (const entry of this.inFlight) if (now >= entry.deadline) entry.pending.expire();
  };

  /** Stops sending; waits for requests in flight (each bounded by its timeout). */
  async stop(): Promise<void> {
    await this.schedule.stop();
    clearInterval(this.sweeper);
    await Promise.all(this.runners.map((r) => r.close()));
  }
}
