// The browser channel's pictures in the report, from a hand-made history whose frames are real
// (tiny) JPEG files: the outage's first bad visit with its caption, the strip across the fault,
// thinning that keeps every bad frame, and a frame gone from disk.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { expect, it } from 'vitest';
import { availability } from '../checkers/availability.js';
import { emptyHistory, probe } from '../checkers/test-histories.js';
import { runCheckers } from '../checkers/verdict.js';
import type { History } from '../history/history.js';
import type { Operation } from '../history/records.js';
import { MAX_STRIP_FRAMES, thinShots, type Shot } from './filmstrip.js';
import { htmlReport } from './html-report.js';
import { saveResult } from './scenario-result.js';

/** An 8×8 baseline JPEG, as Chromium writes them (its ICC profile left out). */
const TINY_JPEG = Buffer.from(
  '/9j/2wBDAFA3PEY8MlBGQUZaVVBfeMiCeG5uePWvuZHI////////////////////////////////////////////////////2wBDAVVaWnhpeOuCguv/////////////////////////////////////////////////////////////////////////wAARCAAIAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAH/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAAAQP/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCAFJ//2Q==',
  'base64',
);

const frameOf = (s: number) => `frames/t/browser-${String(s / 500).padStart(6, '0')}.jpg`;

/** Visits every 500 ms; each pictured one gets its frame written to disk. */
async function browse(dir: string, history: History, toMs: number, shape: (s: number) => Partial<Operation>) {
  await mkdir(`${dir}/frames/t`, { recursive: true });
  probe(history, 'browser', { fromMs: 0, toMs, cadenceMs: 500, check: 'browser' }, (s) => ({ latencyMs: 300, frame: frameOf(s), ...shape(s) }));
  await Promise.all(history.operations('browser').filter((op) => op.frame).map((op) => writeFile(`${dir}/${op.frame}`, TINY_JPEG)));
}

async function report(dir: string, history: History): Promise<string> {
  const verdict = await runCheckers(history, [availability({ maxFailed: 0 })]);
  const base = { runId: 'r', id: 't', title: 'T', expect: 'invalid' as const, holds: true, startedAt: '2026-01-01T12:00:00.000Z', durationMs: 1, verdict, journal: 'j' };
  return htmlReport([await saveResult(base, history, dir)], dir);
}

const between = (page: string, from: string, to: string) => page.slice(page.indexOf(from), page.indexOf(to, page.indexOf(from)));
const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;

it('shows the page at the start of each outage, captioned, and every visit across the fault in a strip', async () => {
  const dir = await mkdtemp(`${tmpdir()}/chaos-filmstrip-`);
  const history = emptyHistory();
  history.append({ type: 'fault', name: 'pod-deletion', stage: 'inject-start', at: 5_000, detail: 'app-1' });
  history.append({ type: 'fault', name: 'pod-deletion', stage: 'heal-end', at: 10_000 });
  await browse(dir, history, 20_000, (s) => {
    if (s >= 6_000 && s < 8_000) return { outcome: 'fail', error: '4xx', status: 404, instance: 'app-2', latencyMs: 120, detail: 'script http://app/app.3f.js answered HTTP 404' };
    if (s === 8_000) return { outcome: 'info', error: 'timeout', latencyMs: 5_000, detail: 'the page did not render within 5.00 s' };
    if (s === 9_000 || s === 9_500) return { outcome: 'info', error: 'unmeasured', latencyMs: 0, frame: undefined, detail: 'could not start on schedule' };
    return {};
  });
  const page = await report(dir, history);

  const outages = between(page, 'What the user saw at each outage', 'The page across the faults');
  // The visits that could not start are no outage (the availability checker's view): one window.
  expect(count(outages, /<figure /g)).toBe(1);
  expect(outages).toContain('<b>12:00:06.000</b> (+1.0 s after pod-deletion of app-1 began): failed after 120 ms: script http://app/app.3f.js answered HTTP 404 (instance app-2).');
  expect(outages).toContain('Outage 12:00:05.750–12:00:08.250, 2.50 s: 4 answered 404, 1 timed out.');
  expect(outages).toMatch(/<figure class="shot fail"><img loading="lazy" src="data:image\/jpeg;base64,\/9j\//);
  expect(outages).not.toContain('not measured');

  // One visit before the injection (4.5 s) to one after the heal (10.5 s): 13 visits, 11 pictured.
  const strip = page.slice(page.indexOf('The page across the faults'));
  expect(strip).toContain('Every visit from 12:00:04.500 to 12:00:10.500, times from the start of pod-deletion of app-1 at 12:00:05.000: all 11 frames; 2 visits left no picture.');
  expect(count(strip, /<figure class="shot /g)).toBe(11);
  expect(count(strip, /<figure class="shot ok"/g)).toBe(6);
  expect(count(strip, /<figure class="shot fail"/g)).toBe(4);
  expect(count(strip, /<figure class="shot info"/g)).toBe(1);
  expect(strip).toContain('<figcaption>−0.5 s</figcaption>');
  expect(strip).toContain('<figcaption>+1.0 s · HTTP 404</figcaption>');
  expect(strip).toContain('<figcaption>+3.0 s · timed out</figcaption>');
  expect(strip).toContain('title="+1.0 s (12:00:06.000): failed after 120 ms: script http://app/app.3f.js answered HTTP 404 (instance app-2)"');
  expect(strip).toContain('title="+3.0 s (12:00:08.000): timed out after 5.00 s: the page did not render within 5.00 s"');
  expect(strip).toMatch(/<div class="mark">\+0\.0 s pod-deletion of app-1 injected<\/div><figure class="shot ok" title="\+0\.0 s/);
  expect(strip).toMatch(/<figure class="shot ok" title="\+3\.5 s[^>]*>.*?<\/figure><div class="gap" title="not measured: could not start on schedule">\+4\.0 s to \+4\.5 s: 2 visits without a picture<\/div><div class="mark">\+5\.0 s pod-deletion healed<\/div><figure class="shot ok" title="\+5\.0 s/);
});

it('thins a long strip evenly, keeps every bad frame, and says how many were shown of how many', async () => {
  const dir = await mkdtemp(`${tmpdir()}/chaos-filmstrip-long-`);
  const history = emptyHistory();
  history.append({ type: 'fault', name: 'network-partition', stage: 'inject-start', at: 10_000 });
  history.append({ type: 'fault', name: 'network-partition', stage: 'heal-end', at: 190_000 });
  const bad = new Set([20_000, 20_500, 21_000, 77_000, 150_000]);
  await browse(dir, history, 200_000, (s) => (bad.has(s) ? { outcome: 'fail', error: 'refused', detail: 'the page failed: net::ERR_CONNECTION_REFUSED' } : {}));
  const page = await report(dir, history);
  // 9.5 s to 190.5 s: 363 visits.
  expect(page).toContain(`: ${MAX_STRIP_FRAMES} of 363 frames shown, evenly spaced, every bad one kept.`);
  const strip = page.slice(page.indexOf('The page across the faults'));
  expect(count(strip, /<figure class="shot /g)).toBe(MAX_STRIP_FRAMES);
  expect(count(strip, /<figure class="shot fail"/g)).toBe(5);
  for (const offset of ['+10.0 s', '+10.5 s', '+11.0 s', '+67.0 s', '+140.0 s']) expect(strip).toContain(`<figcaption>${offset} · refused</figcaption>`);
});

it('keeps every bad frame even when they alone outnumber the strip', () => {
  const shots: Shot[] = Array.from({ length: 300 }, (_, i) => ({ at: i * 500, clock: '', outcome: i % 2 ? 'fail' : 'ok', bad: i % 2 === 1, what: '' }));
  const thinned = thinShots(shots, 100);
  expect(thinned).toHaveLength(150);
  expect(thinned.every((s) => s.bad)).toBe(true);
  const few = thinShots(shots.slice(0, 120).map((s, i) => ({ ...s, bad: i === 7, outcome: i === 7 ? 'fail' : 'ok' })), 10);
  expect(few.map((s) => s.at / 500)).toEqual([0, 7, 14, 27, 40, 53, 67, 80, 93, 106]);
});

it('shows a frame gone from disk as a placeholder naming the file, and embeds a PNG as a PNG', async () => {
  const dir = await mkdtemp(`${tmpdir()}/chaos-filmstrip-missing-`);
  const history = emptyHistory();
  history.append({ type: 'fault', name: 'kill-process', stage: 'inject-start', at: 2_000 });
  await browse(dir, history, 5_000, (s) => (s === 2_500 ? { outcome: 'fail', error: '5xx', status: 503, detail: 'document http://app/ answered HTTP 503' } : s === 3_000 ? { frame: 'frames/t/shot.png' } : {}));
  await writeFile(`${dir}/frames/t/shot.png`, Buffer.from('89504e470d0a1a0a', 'hex'));
  await rm(`${dir}/${frameOf(2_500)}`);
  const page = await report(dir, history);
  expect(page).toContain(`<div class="missing">frame missing: <code>${frameOf(2_500)}</code></div>`);
  expect(page).toContain('src="data:image/png;base64,iVBORw0KGgo="');
  // No heal: the strip runs to the end of the history.
  expect(page).toContain('Every visit from 12:00:01.500 to 12:00:04.500');
});

it('adds nothing for a history without browser frames', async () => {
  const dir = await mkdtemp(`${tmpdir()}/chaos-filmstrip-none-`);
  const history = emptyHistory();
  probe(history, 'incognito', { fromMs: 0, toMs: 1_000, cadenceMs: 50 }, () => ({}));
  const page = await report(dir, history);
  expect(page).not.toContain('What the user saw');
  expect(page).not.toContain('class="strip"');
});
