// The browser channel with Debian's chromium against a local server on 127.0.0.1 whose pages
// each test picks: whole, with a broken subresource, a throwing script, no marker, or slow.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { History } from '../history/history.js';
import type { Operation } from '../history/records.js';
import type { BrowserSpecInput } from './browser-channel.js';
import { BrowserProber, type BrowserProberOptions } from './browser-prober.js';

const MARKER = '[data-rendered="true"]';
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const SLOW_IMAGE_MS = 700;

const html = ({ css = '/style.css', js = '/render.js', img = '/pixel.png' } = {}) =>
  `<!doctype html><html><head><link rel="stylesheet" href="${css}"><script src="${js}"></script></head><body><img src="${img}"></body></html>`;

let server: Server;
let base: string;
let closedPort: number;
/** What the server was asked for, with the cookie each request carried. */
let seen: { path: string; cookie?: string }[];

type Route = (res: ServerResponse) => void;
const send = (type: string, body: string | Buffer, status = 200, instance = 'app-1'): Route => (res) =>
  // Cacheable and with a cookie, so a visit that reused an earlier one's context would show it.
  res.writeHead(status, { 'content-type': type, 'cache-control': 'max-age=3600', 'set-cookie': 'visited=yes; Path=/', 'x-entando-instance': instance }).end(body);
const page = (options?: Parameters<typeof html>[0]) => send('text/html', html(options));

const routes = (): Record<string, Route> => ({
  '/': page(),
  '/bad-style': page({ css: '/broken.css' }),
  '/refused-script': page({ js: `http://127.0.0.1:${closedPort}/render.js` }),
  '/script-error': page({ js: '/throws.js' }),
  '/no-marker': page({ js: '/idle.js' }),
  '/hanging-style': page({ css: '/hang.css' }),
  '/slow': page({ img: '/slow.png' }),
  '/style.css': send('text/css', 'body { margin: 0 }'),
  '/broken.css': send('text/plain', 'bad gateway', 502, 'app-2'),
  '/hang.css': () => {},
  '/render.js': send('text/javascript', "document.documentElement.setAttribute('data-rendered', 'true');"),
  '/throws.js': send('text/javascript', "throw new Error('boom');"),
  '/idle.js': send('text/javascript', '// renders nothing'),
  '/pixel.png': send('image/png', PIXEL),
  '/slow.png': (res) => void setTimeout(() => send('image/png', PIXEL)(res), SLOW_IMAGE_MS),
});

beforeAll(async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  closedPort = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));

  const table = routes();
  server = createServer((req: IncomingMessage, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    seen.push({ path, cookie: req.headers.cookie });
    (table[path] ?? send('text/plain', 'not found', 404))(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

beforeEach(() => {
  seen = [];
  // A hanging answer from one test must not hold the next one's.
  return () => server.closeAllConnections();
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** Runs the channel on `path` until `done` says so (or 10 s), stops it, and returns its operations in schedule order. */
async function probe(path: string, change: Partial<BrowserSpecInput>, done: (history: History) => boolean, options?: BrowserProberOptions): Promise<Operation[]> {
  const history = new History('browser-test');
  const prober = new BrowserProber(history, { name: 'browser', url: `${base}${path}`, markerSelector: MARKER, cadenceMs: 60_000, timeoutMs: 3_000, ...change }, options);
  await prober.start();
  try {
    for (const started = performance.now(); !done(history) && performance.now() - started < 10_000; ) await sleep(20);
  } finally {
    await prober.stop();
  }
  return history.operations().sort((a, b) => a.scheduled - b.scheduled);
}
const visits = (n: number) => (history: History) => history.operations().filter((op) => op.error !== 'unmeasured').length >= n;

describe('a browser visit', () => {
  it('is ok when the page, its stylesheet, script and image and the marker arrived, each visit in a fresh private context', async () => {
    // A slot due while both visits were still in flight is unmeasured (the schedule test's concern).
    const ops = (await probe('/', { cadenceMs: 400 }, visits(2))).filter((op) => op.error !== 'unmeasured');
    // Another visit may have started before the stop; the stop waited for it.
    expect(ops.length).toBeGreaterThanOrEqual(2);
    for (const op of ops) {
      expect(op).toMatchObject({ channel: 'browser', check: 'browser', outcome: 'ok', status: 200, instance: 'app-1' });
      expect(op.error).toBeUndefined();
      expect(op.latencyMs).toBeGreaterThan(0);
      expect(op.latencyMs).toBeLessThan(3_000);
    }
    // No cache and no cookies: every visit, and the one warm-up visit before the schedule, asked
    // for everything again, and none opened the page with the cookie an earlier visit was given
    // (within a visit its subresources carry it).
    for (const path of ['/', '/style.css', '/render.js', '/pixel.png']) expect(seen.filter((s) => s.path === path)).toHaveLength(ops.length + 1);
    expect(seen.filter((s) => s.path === '/' && s.cookie !== undefined)).toEqual([]);
  });

  it.each([
    ['a stylesheet answering 502', '/bad-style', () => ({ error: '5xx', status: 502, instance: 'app-2', detail: `stylesheet ${base}/broken.css answered HTTP 502 from app-2` })],
    ['a script whose port refuses', '/refused-script', () => ({ error: 'refused', detail: `script http://127.0.0.1:${closedPort}/render.js failed: net::ERR_CONNECTION_REFUSED` })],
    ['an uncaught script error', '/script-error', () => ({ error: 'wrong-content', detail: 'script error: Error: boom' })],
  ])('fails on %s, naming what failed and how, as soon as it fails', async (_name, path, expected) => {
    const [op, ...more] = await probe(path, {}, visits(1));
    expect(more).toEqual([]);
    expect(op).toMatchObject({ outcome: 'fail', ...expected() });
    // The failure ended the visit: it did not wait out the 3 s timeout for a marker that cannot come.
    expect(op!.latencyMs).toBeLessThan(2_000);
  });

  it.each([
    ['a page that never shows the marker', '/no-marker', () => `marker ${MARKER} not in the page after 800 ms`],
    ['a stylesheet that never arrives', '/hanging-style', () => `still loading after 800 ms: stylesheet ${base}/hang.css`],
  ])('records %s as a timeout, indeterminate (info) like the HTTP channels', async (_name, path, detail) => {
    const [op] = await probe(path, { timeoutMs: 800 }, visits(1));
    expect(op).toMatchObject({ outcome: 'info', error: 'timeout', detail: detail() });
    expect(op!.latencyMs).toBeGreaterThanOrEqual(800);
  });
});

describe('the browser channel', () => {
  it('keeps a JPEG of what each visit ended on, recorded relative to the reports directory', async () => {
    const root = await mkdtemp(join(tmpdir(), 'frames-'));
    const [op] = await probe('/bad-style', {}, visits(1), { frames: { dir: join(root, 'frames', 'case'), relativeTo: root } });
    expect(op!.frame).toBe('frames/case/browser-000000.jpg');
    const jpeg = await readFile(join(root, op!.frame!));
    expect([...jpeg.subarray(0, 2)]).toEqual([0xff, 0xd8]);
  });

  it('refuses a marker that is no selector before any visit, naming the channel and the option', async () => {
    const prober = new BrowserProber(new History('browser-test'), { name: 'browser', url: `${base}/`, markerSelector: '[data-rendered=' });
    await expect(prober.start()).rejects.toThrow(/^channel "browser": markerSelector "\[data-rendered=" is not a selector the browser can use/);
    await prober.stop();
  });
});

describe('a kept browser', () => {
  const alive = (pid: number | undefined) => {
    try {
      return pid !== undefined && process.kill(pid, 0);
    } catch {
      return false;
    }
  };

  it('serves the next channel from the same process, each channel\'s visits in its own history, a refused one in between', async () => {
    const spec = { name: 'browser', url: `${base}/`, markerSelector: MARKER, cadenceMs: 60_000, timeoutMs: 3_000 };
    const first = new History('first');
    const a = new BrowserProber(first, spec, { keepBrowser: true });
    await a.start();
    for (const started = performance.now(); !visits(1)(first) && performance.now() - started < 5_000; ) await sleep(20);
    await a.stop();
    const firstOps = first.operations().length;
    expect(firstOps).toBeGreaterThanOrEqual(1);
    expect(alive(a.pid)).toBe(true);

    const refused = new BrowserProber(new History('refused'), { ...spec, markerSelector: '[data-rendered=' }, { keepBrowser: true });
    await expect(refused.start()).rejects.toThrow(/is not a selector the browser can use/);
    await refused.stop();
    expect(refused.pid).toBe(a.pid);

    const second = new History('second');
    const b = new BrowserProber(second, spec, { keepBrowser: true });
    await b.start();
    expect(b.pid).toBe(a.pid);
    for (const started = performance.now(); !visits(1)(second) && performance.now() - started < 5_000; ) await sleep(20);
    await b.stop();
    expect(visits(1)(second)).toBe(true);
    expect(first.operations().length).toBe(firstOps);

    // Without keepBrowser, a process of its own, ended by stop().
    const c = new BrowserProber(new History('own'), spec);
    await c.start();
    expect(c.pid).not.toBe(a.pid);
    await c.stop();
    expect(alive(c.pid)).toBe(false);
  });
});

describe('the schedule', () => {
  it('records every visit that could not start on time as unmeasured, skipping none', async () => {
    const cadenceMs = 200;
    const ops = await probe('/slow', { cadenceMs, concurrency: 1 }, (history) => history.operations().length >= 8);
    // One operation per slot of the schedule, measured or not.
    expect(ops.map((op) => op.seq)).toEqual(ops.map((_, i) => i));
    for (let i = 1; i < ops.length; i++) expect(ops[i]!.scheduled - ops[i - 1]!.scheduled).toBeCloseTo(cadenceMs, 6);
    const unmeasured = ops.filter((op) => op.error === 'unmeasured');
    const measured = ops.filter((op) => op.error !== 'unmeasured');
    expect(unmeasured.length).toBeGreaterThanOrEqual(3);
    for (const op of unmeasured) expect(op).toMatchObject({ outcome: 'info', detail: 'could not start on schedule: 1 visit already in flight (concurrency 1)' });
    expect(measured.length).toBeGreaterThanOrEqual(1);
    for (const op of measured) {
      expect(op.outcome).toBe('ok');
      expect(op.latencyMs).toBeGreaterThanOrEqual(SLOW_IMAGE_MS);
    }
    // Concurrency 1: a visit started only after the one before it had ended.
    for (let i = 1; i < measured.length; i++) expect(measured[i]!.start).toBeGreaterThanOrEqual(measured[i - 1]!.end);
  });
});
