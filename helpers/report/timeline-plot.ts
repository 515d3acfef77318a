// The timeline of one experiment: every request as a point (time on x, latency on y,
// coloured by outcome), fault windows shaded, phase changes as rules. Drawn by Vega-Lite and
// rendered headless to SVG, so the HTML report needs no script and no network.
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { History } from '../history/history.js';
import type { Operation } from '../history/records.js';

/** Past this many successful points per channel, successes are thinned (failures never are). */
const MAX_OK_POINTS_PER_CHANNEL = 3_000;

function thin(ops: Operation[]): Operation[] {
  const ok = ops.filter((o) => o.outcome === 'ok');
  const step = Math.ceil(ok.length / MAX_OK_POINTS_PER_CHANNEL);
  if (step <= 1) return ops;
  let i = 0;
  return ops.filter((o) => o.outcome !== 'ok' || i++ % step === 0);
}

export function timelineSpec(history: History, title: string): TopLevelSpec {
  const points = history.channels().flatMap((channel) =>
    thin(history.operations(channel)).map((o) => ({
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
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
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
}

export async function timelineSvg(history: History, title: string): Promise<string> {
  const view = new View(parse(compile(timelineSpec(history, title)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
