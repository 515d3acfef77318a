// The timeline of one experiment: every request as a point (time on x, latency on y,
// coloured by outcome), fault windows shaded, phase changes as rules. Drawn by Vega-Lite and
// rendered headless to SVG, so the HTML report needs no script and no network.
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { History } from '../history/history.js';
import type { Operation } from '../history/records.js';
import { LOAD_CHANNEL } from '../checkers/availability.js';
import { loadStripSpec } from './load-strip.js';

/** Past this many successful points per channel, successes are thinned (failures never are). */
const MAX_OK_POINTS_PER_CHANNEL = 3_000;

/** The channel's points to draw, and how many successes stand for each one drawn. */
function thin(ops: Operation[]): { shown: Operation[]; step: number; ok: number } {
  const ok = ops.filter((o) => o.outcome === 'ok').length;
  const step = Math.ceil(ok / MAX_OK_POINTS_PER_CHANNEL);
  if (step <= 1) return { shown: ops, step: 1, ok };
  let i = 0;
  return { shown: ops.filter((o) => o.outcome !== 'ok' || i++ % step === 0), step, ok };
}

export function timelineSpec(history: History, title: string): TopLevelSpec {
  const thinned = history.channels().map((channel) => ({ channel, ...thin(history.operations(channel)) }));
  // Said under the title: a reader must know that a dense channel's successes are sampled.
  const sampled = thinned.filter((c) => c.step > 1).map((c) => `${c.channel}: 1 in ${c.step} of ${c.ok.toLocaleString('en')} successes drawn, every failure`);
  const points = thinned.flatMap(({ shown }) =>
    shown.map((o) => ({
      t: Number((o.scheduled / 1000).toFixed(3)),
      latency: Math.max(0.5, Number(o.latencyMs.toFixed(1))),
      outcome: o.outcome === 'ok' ? 'ok' : o.outcome === 'fail' ? `failed` : 'timed out',
      channel: o.channel,
      reason: o.error ?? '',
    })),
  );
  // A fault window runs from the start of its injection to the end of its healing.
  const windows: { from: number; to: number; fault: string }[] = [];
  let open: { at: number; name: string } | undefined;
  for (const event of history.faults()) {
    if (event.stage === 'inject-start') open = { at: event.at, name: event.detail ? `${event.name}: ${event.detail}` : event.name };
    if (event.stage === 'heal-end' && open) {
      windows.push({ from: open.at / 1000, to: event.at / 1000, fault: open.name });
      open = undefined;
    }
  }
  const end = Math.max(0, ...points.map((p) => p.t));
  if (open) windows.push({ from: open.at / 1000, to: end, fault: open.name });
  const phases = history.phases().map((p) => ({ t: p.at / 1000, phase: p.phase }));
  const scale = { domain: [0, Math.max(end, 1)] };
  const x = { field: 't', type: 'quantitative' as const, title: 'seconds since start', scale };
  const timeline = {
    title: sampled.length ? { text: title, subtitle: sampled.join('; ') } : title,
    width: 900,
    height: 260,
    layer: [
      {
        data: { values: windows },
        mark: { type: 'rect', color: '#f4a261', opacity: 0.25 },
        encoding: { x: { field: 'from', type: 'quantitative', scale, title: x.title }, x2: { field: 'to' }, tooltip: [{ field: 'fault' }] },
      },
      {
        data: { values: phases },
        mark: { type: 'rule', color: '#888', strokeDash: [4, 4] },
        encoding: { x: { field: 't', type: 'quantitative', scale }, tooltip: [{ field: 'phase' }] },
      },
      {
        data: { values: phases },
        mark: { type: 'text', align: 'left', baseline: 'top', dx: 3, dy: 3, color: '#666', fontSize: 10 },
        encoding: { x: { field: 't', type: 'quantitative', scale }, y: { value: 0 }, text: { field: 'phase' } },
      },
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 14 },
        encoding: {
          x,
          y: { field: 'latency', type: 'quantitative', title: 'latency (ms, log)', scale: { type: 'log' } },
          color: {
            field: 'outcome',
            type: 'nominal',
            scale: { domain: ['ok', 'failed', 'timed out'], range: ['#2a9d8f', '#e63946', '#f4a000'] },
          },
          shape: { field: 'channel', type: 'nominal' },
          tooltip: [{ field: 'channel' }, { field: 't' }, { field: 'latency' }, { field: 'outcome' }, { field: 'reason' }],
        },
      },
    ],
  };
  const $schema = 'https://vega.github.io/schema/vega-lite/v6.json';
  if (history.operations(LOAD_CHANNEL).length === 0) return { $schema, ...timeline } as TopLevelSpec;
  // A colour scale each: the strip has a fourth kind ("not sent"), and one shared scale made Vega-Lite warn of conflicting domains.
  return { $schema, vconcat: [timeline, loadStripSpec(history, scale, windows)], resolve: { scale: { color: 'independent' } } } as TopLevelSpec;
}

export async function timelineSvg(history: History, title: string): Promise<string> {
  const view = new View(parse(compile(timelineSpec(history, title)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
