// The load channel with the real Vegeta against a local server on 127.0.0.1: the rate kept,
// every result parsed into the history, one SIGINT to stop (requests in flight still end),
// refused connections and error statuses in the probes' terms.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { percentile } from '../checkers/stats.js';
import { History } from '../history/history.js';
import { LoadGenerator } from './load-generator.js';

const SLOW_MS = 800;
let server: Server;
let base: string;
let closedPort: number;
let answered = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    answered++;
    res.setHeader('x-entando-instance', 'app-1');
    if (req.url === '/slow') return void setTimeout(() => res.end('late'), SLOW_MS);
    if (req.url === '/down') res.statusCode = 503;
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  closedPort = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

async function attack(targets: { name: string; url: string }[], ratePerSecond: number, forMs: number) {
  const history = new History('load-test');
  const load = new LoadGenerator(history, { name: 'load', ratePerSecond, targets });
  await load.start();
  await sleep(forMs);
  const stopping = performance.now();
  const figures = await load.stop();
  return { history, figures, stopMs: performance.now() - stopping, ops: history.operations('load') };
}

describe('load generator (Vegeta)', () => {
  it('keeps a constant rate and records every request with its target, status and instance', async () => {
    const { ops, figures } = await attack([{ name: 'page', url: `${base}/` }, { name: 'health', url: `${base}/health` }], 400, 3_000);
    expect(figures.unsent).toBe(0);
    expect(figures.sent).toBe(ops.length);
    // 3 s at 400/s, give or take the start and the stop.
    expect(ops.length).toBeGreaterThan(1_150);
    expect(ops.length).toBeLessThan(1_300);
    expect(new Set(ops.map((o) => o.target))).toEqual(new Set(['page', 'health']));
    expect(ops.every((o) => o.outcome === 'ok' && o.status === 200 && o.instance === 'app-1')).toBe(true);
    // Each request sent when the schedule said, a 2.5 ms period apart (how closely is bench/'s
    // to measure: a busy machine delays a few).
    const lags = ops.map((o) => o.start - o.scheduled);
    expect(percentile(lags, 50)).toBeLessThan(5);
    expect(percentile(lags, 99)).toBeLessThan(100);
    const sorted = [...ops].sort((a, b) => a.seq - b.seq);
    expect(sorted.at(-1)!.scheduled - sorted[0]!.scheduled).toBeCloseTo((sorted.length - 1) * 2.5, -1);
  });

  it('stops at one SIGINT, and the requests in flight still end with their results', async () => {
    const { ops, stopMs } = await attack([{ name: 'slow', url: `${base}/slow` }], 20, 1_000);
    expect(stopMs).toBeLessThan(SLOW_MS + 500);
    const late = ops.filter((o) => o.outcome === 'ok');
    expect(late.length).toBeGreaterThanOrEqual(19);
    expect(Math.min(...late.map((o) => o.end - o.start))).toBeGreaterThanOrEqual(SLOW_MS - 50);
  });

  it('names an error status and a refused connection as the probes do', async () => {
    const { ops } = await attack([{ name: 'down', url: `${base}/down` }, { name: 'closed', url: `http://127.0.0.1:${closedPort}/` }], 50, 500);
    const down = ops.filter((o) => o.target === 'down');
    const closed = ops.filter((o) => o.target === 'closed');
    expect(down.length).toBeGreaterThan(5);
    expect(down.every((o) => o.outcome === 'fail' && o.error === '5xx' && o.detail === 'HTTP 503')).toBe(true);
    expect(closed.length).toBeGreaterThan(5);
    expect(closed.every((o) => o.outcome === 'fail' && o.error === 'refused' && o.status === undefined)).toBe(true);
  });

  it('records the requests it could not send on schedule as unmeasured, never drops them', async () => {
    // Two workers for slow answers at 50/s: Vegeta's pacer waits for a free one and falls behind.
    const history = new History('load-test');
    const load = new LoadGenerator(history, { name: 'load', ratePerSecond: 50, maxWorkers: 2, targets: [{ name: 'slow', url: `${base}/slow` }] });
    await load.start();
    await sleep(2_000);
    const figures = await load.stop();
    const unmeasured = history.operations('load').filter((o) => o.error === 'unmeasured');
    expect(figures.asked).toBeGreaterThanOrEqual(95);
    expect(figures.sent).toBeLessThan(10);
    expect(unmeasured).toHaveLength(figures.unsent);
    expect(figures.sent + figures.unsent).toBe(figures.asked);
    expect(unmeasured[0]).toMatchObject({ outcome: 'info', detail: 'never sent: the load generator fell behind its schedule' });
    expect(history.notes('load')[0]!.text).toBe(`load: ${figures.sent} of ${figures.asked} requests sent at 50/s, ${figures.unsent} never sent`);
  });
});
