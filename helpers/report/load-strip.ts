// Under the timeline, when a scenario ran under load: the load channel's requests per 100 ms
// as a rate (served, failed, timed out, not sent), so a reader sees how much of the asked
// throughput the fault cost and when it came back, which single points cannot show at 300/s.
import type { History } from '../history/history.js';
import { LOAD_CHANNEL } from '../checkers/availability.js';

const BIN_MS = 100;
const KINDS = ['served', 'failed', 'timed out', 'not sent'] as const;

function kindOf(outcome: string, error?: string): (typeof KINDS)[number] {
  if (outcome === 'ok') return 'served';
  if (error === 'unmeasured') return 'not sent';
  return outcome === 'fail' ? 'failed' : 'timed out';
}

/** Requests a second per 100 ms bin and kind, by scheduled time; empty without a load channel. */
export function loadRates(history: History): { t: number; kind: string; perSecond: number }[] {
  const bins = new Map<string, number>();
  for (const op of history.operations(LOAD_CHANNEL)) {
    const key = `${Math.floor(op.scheduled / BIN_MS)}|${kindOf(op.outcome, op.error)}`;
    bins.set(key, (bins.get(key) ?? 0) + 1);
  }
  return [...bins].map(([key, n]) => {
    const [bin, kind] = key.split('|') as [string, string];
    return { t: (Number(bin) * BIN_MS) / 1000, kind, perSecond: (n * 1000) / BIN_MS };
  });
}

/** A Vega-Lite layer spec of the strip on the timeline's x scale. */
export function loadStripSpec(history: History, scale: { domain: number[] }, windows: { from: number; to: number; fault: string }[]) {
  return {
    width: 900,
    height: 110,
    title: { text: `load channel: requests a second per ${BIN_MS} ms, by outcome`, fontSize: 11, anchor: 'start' as const },
    layer: [
      {
        data: { values: windows },
        mark: { type: 'rect' as const, color: '#f4a261', opacity: 0.25 },
        encoding: { x: { field: 'from', type: 'quantitative' as const, scale, title: 'seconds since start' }, x2: { field: 'to' } },
      },
      {
        data: { values: loadRates(history) },
        mark: { type: 'bar' as const, width: { band: 1 } },
        encoding: {
          x: { field: 't', type: 'quantitative' as const, scale, title: 'seconds since start' },
          y: { field: 'perSecond', type: 'quantitative' as const, stack: 'zero' as const, title: 'requests/s' },
          color: { field: 'kind', type: 'nominal' as const, scale: { domain: [...KINDS], range: ['#2a9d8f', '#e63946', '#f4a000', '#6c757d'] } },
          tooltip: [{ field: 't' }, { field: 'kind' }, { field: 'perSecond' }],
        },
      },
    ],
  };
}
