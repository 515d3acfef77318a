// The prober against a real HTTP server on 127.0.0.1, whose behaviour each test controls.
import { setTimeout as sleep } from 'node:timers/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { History } from '../history/history.js';
import { CHANNEL_DEFAULTS, ChannelSpecError, type ChannelSpec } from './channel.js';
import { preflight } from './preflight.js';
import { Prober } from './prober.js';

let server: Server;
let base: string;
let handler: (req: IncomingMessage, res: ServerResponse) => void;
let connections = 0;

beforeEach(async () => {
  handler = (_req, res) => res.end('<p data-ok>page</p>');
  connections = 0;
  server = createServer((req, res) => handler(req, res));
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const channel = (change: Partial<ChannelSpec> = {}): ChannelSpec => ({
  name: 'incognito',
  mode: 'incognito',
  check: 'render',
  url: `${base}/`,
  marker: 'data-ok',
  ...CHANNEL_DEFAULTS,
  cadenceMs: 20,
  ...change,
});

async function run(channels: ChannelSpec[], ms: number, during?: (history: History) => Promise<void>) {
  const history = new History('prober-test');
  const prober = new Prober(history, channels);
  await prober.start();
  await Promise.all([sleep(ms), during?.(history)]);
  await prober.stop();
  return history;
}

describe('open-loop schedule', () => {
  it('keeps sending on schedule while the server stalls, so the stall is seen by every request it held', async () => {
    let stallUntil = 0;
    handler = (_req, res) => {
      const wait = stallUntil - Date.now();
      setTimeout(() => res.end('<p data-ok>page</p>'), Math.max(0, wait));
    };
    const history = await run([channel()], 1_600, async () => {
      await sleep(300);
      stallUntil = Date.now() + 800;
    });
    // Operations are recorded as they complete; the schedule is in `scheduled`.
    const ops = history.operations().sort((a, b) => a.scheduled - b.scheduled);
    // Open loop: about one request per 20 ms over 1.6 s, stall or not.
    expect(ops.length).toBeGreaterThan(70);
    const gaps = ops.slice(1).map((op, i) => op.scheduled - ops[i]!.scheduled);
    expect(Math.max(...gaps)).toBeCloseTo(20, 5);
    const held = ops.filter((op) => op.latencyMs > 300);
    expect(held.length).toBeGreaterThan(20);
    // The first held request waited about the whole stall; later ones less and less.
    expect(Math.max(...held.map((op) => op.latencyMs))).toBeGreaterThan(700);
  });

  it('records schedule lag: start - scheduled stays within a few ms at a light load', async () => {
    const history = await run([channel()], 500);
    const lags = history.operations().map((op) => op.start - op.scheduled).sort((a, b) => a - b);
    expect(lags[Math.floor(lags.length * 0.9)]!).toBeLessThan(10);
  });
});

describe('channels', () => {
  it('opens a new connection for every incognito request and sends no cookie', async () => {
    const cookies: (string | undefined)[] = [];
    handler = (req, res) => {
      cookies.push(req.headers.cookie);
      res.setHeader('set-cookie', 'ROUTE=abc; path=/');
      res.end('<p data-ok>page</p>');
    };
    const history = await run([channel({ affinityCookie: 'ROUTE' })], 300);
    const n = history.operations().length;
    expect(connections).toBe(n);
    expect(cookies.every((c) => c === undefined)).toBe(true);
    expect(history.operations()[0]!.instance).toBe('ROUTE=abc');
  });

  it("takes the instance from the session id's route when no header names it, as Tomcat's jvmRoute", async () => {
    handler = (_req, res) => {
      res.setHeader('set-cookie', ['ROUTE=abc; path=/', 'JSESSIONID=8F3A2C.chaos-app-2; Path=/entando-de-app; HttpOnly']);
      res.end('<p data-ok>page</p>');
    };
    const history = await run([channel({ affinityCookie: 'ROUTE' })], 200);
    expect(history.operations()[0]!.instance).toBe('chaos-app-2');
  });

  it('logs the session channel in, keeps its cookies, reuses connections, and records a lost session once', async () => {
    let known = true;
    handler = (req, res) => {
      if (req.method === 'POST') {
        known = true;
        res.writeHead(302, { 'set-cookie': 'JSESSIONID=s1; Path=/', location: '/' }).end();
        return;
      }
      const loggedIn = known && req.headers.cookie?.includes('JSESSIONID=s1');
      res.setHeader('x-entando-instance', 'app-1');
      res.end(`<p data-ok>${loggedIn ? 'Signed in as admin' : 'guest'}</p>`);
    };
    const spec = channel({ name: 'session', mode: 'session', login: { url: `${base}/login`, form: { u: 'admin' }, marker: 'Signed in as admin' } });
    const history = await run([spec], 600, async () => {
      await sleep(200);
      known = false;
    });
    const ops = history.operations('session');
    expect(ops[0]).toMatchObject({ session: 'kept', instance: 'app-1' });
    expect(ops.some((op) => op.session === 'lost')).toBe(true);
    expect(ops[ops.length - 1]!.session).toBe('kept');
    expect(history.notes('session-login')[0]!.text).toBe('session: logged in again');
    expect(connections).toBeLessThan(ops.length / 2);
  });
});

describe('the first login', () => {
  const session = () => channel({ name: 'session', mode: 'session', login: { url: `${base}/login`, form: { u: 'admin' }, marker: 'data-ok' } });

  it('is waited for while the application still settles (logins answering 500)', async () => {
    let refused = 2;
    handler = (req, res) => {
      if (req.method === 'POST') res.writeHead(refused-- > 0 ? 500 : 302, { location: '/' }).end();
      else res.end('<p data-ok>page</p>');
    };
    const history = await run([session()], 100);
    expect(refused).toBe(-1);
    expect(history.operations('session').length).toBeGreaterThan(0);
  });

  it('fails after its timeout, saying what the login answered', async () => {
    handler = (_req, res) => res.writeHead(500).end();
    const prober = new Prober(new History('prober-test'), [session()]);
    await expect(prober.start({ loginTimeoutMs: 1_200 })).rejects.toThrow(
      /timed out after 1\.\d s waiting for the first login of channel session \(http:\/\/127\.0\.0\.1:\d+\/login\); last seen: error: login at .* answered HTTP 500/,
    );
  });
});

describe('outcomes', () => {
  it.each([
    ['a 5xx', (_: IncomingMessage, res: ServerResponse) => res.writeHead(503).end(), { outcome: 'fail', error: '5xx', status: 503 }],
    ['a page without the marker', (_: IncomingMessage, res: ServerResponse) => res.end('<p>other</p>'), { outcome: 'fail', error: 'wrong-content' }],
    ['no answer within the timeout', () => {}, { outcome: 'info', error: 'timeout' }],
  ])('classifies %s', async (_name, behaviour, expected) => {
    handler = behaviour;
    const history = await run([channel({ cadenceMs: 100, timeoutMs: 150, slowMs: 150 })], 250);
    expect(history.operations()[0]).toMatchObject(expected);
  });

  it('classifies a closed port as refused', async () => {
    const history = await run([channel({ url: 'http://127.0.0.1:1/', cadenceMs: 100 })], 150);
    expect(history.operations()[0]).toMatchObject({ outcome: 'fail', error: 'refused' });
  });

  it('accepts a JSON health answer for the api check and refuses a DOWN one', async () => {
    handler = (req, res) => res.end(JSON.stringify({ status: req.url === '/down' ? 'DOWN' : 'UP' }));
    const history = await run([channel({ check: 'api', marker: undefined }), channel({ name: 'down', check: 'api', url: `${base}/down` })], 100);
    expect(history.operations('incognito')[0]!.outcome).toBe('ok');
    expect(history.operations('down')[0]).toMatchObject({ outcome: 'fail', error: 'wrong-content', detail: 'status DOWN' });
  });
});

describe('configuration and preflight', () => {
  it.each([
    [{ cadenceMs: 0 }, 'channel "incognito": cadenceMs must be a number of milliseconds from 0.1 to 60000, got 0'],
    [{ url: 'ftp://x' }, 'channel "incognito": url must be an http or https URL, got "ftp://x"'],
    [{ url: 'not a url' }, 'channel "incognito": url must be an absolute http(s) URL, got "not a url"'],
    [{ slowMs: 5_000 }, 'channel "incognito": slowMs must be a number of milliseconds from 1 to timeoutMs (2000), got 5000'],
  ])('refuses %j naming the field and the value', (change, message) => {
    expect(() => new Prober(new History('x'), [channel(change)])).toThrow(ChannelSpecError);
    expect(() => new Prober(new History('x'), [channel(change)])).toThrow(message);
  });

  it('fails the preflight of an unreachable URL at once, naming the URL and the reason', async () => {
    const started = performance.now();
    await expect(preflight('http://127.0.0.1:1/entando-de-app/')).rejects.toThrow(
      /^preflight: http:\/\/127\.0\.0\.1:1\/entando-de-app\/ is unreachable: connection refused, ECONNREFUSED \(after \d+ ms\)$/,
    );
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('fails the preflight of a URL that does not answer within the timeout', async () => {
    handler = () => {};
    await expect(preflight(`${base}/`, 300)).rejects.toThrow(/is unreachable: no answer within 300 ms/);
  });
});
