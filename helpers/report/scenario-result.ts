// One scenario's outcome as a file (reports/results/<id>.json), so the report can be built
// from every scenario of a run, whichever worker process ran it.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import type { CombinedVerdict, Verdict } from '../checkers/verdict.js';
import type { History } from '../history/history.js';
import { redact } from '../log/redact.js';
import { REPORTS_DIR } from '../paths.js';
import type { TargetDescription } from '../targets/target.js';
import { timelineSvg } from './timeline-plot.js';

export interface ScenarioResult {
  id: string;
  title: string;
  /** A negative control expects `invalid`: the check must be able to fail. */
  expect: 'valid' | 'invalid';
  /** Whether the verdict is what was expected. */
  holds: boolean;
  target: TargetDescription | { kind: 'url'; url: string };
  startedAt: string;
  durationMs: number;
  verdict: CombinedVerdict;
  /** Paths relative to the reports folder. */
  journal: string;
  plot: string;
}

export interface KeyFigures {
  longestOutageMs?: number;
  failedRequests?: number;
  recoveryMs?: number;
}

/** The figures the verdict table shows, taken from the checkers' figures. */
export function keyFigures(verdicts: Verdict[]): KeyFigures {
  const figures: KeyFigures = {};
  for (const v of verdicts) {
    if (v.checker === 'availability') {
      const channels = Object.values((v.figures.channels ?? {}) as Record<string, { longestOutageMs: number; failed: number; indeterminate: number }>);
      if (channels.length > 0) {
        figures.longestOutageMs = Math.max(figures.longestOutageMs ?? 0, ...channels.map((c) => c.longestOutageMs));
        figures.failedRequests = (figures.failedRequests ?? 0) + channels.reduce((sum, c) => sum + c.failed + c.indeterminate, 0);
      }
    }
    if (v.checker === 'recovery' && typeof v.figures.totalMs === 'number') figures.recoveryMs = v.figures.totalMs;
  }
  return figures;
}

export async function saveResult(result: Omit<ScenarioResult, 'plot'>, history: History, dir = REPORTS_DIR): Promise<ScenarioResult> {
  const plot = `plots/${result.id}.svg`;
  await mkdir(`${dir}/plots`, { recursive: true });
  await mkdir(`${dir}/results`, { recursive: true });
  await writeFile(`${dir}/${plot}`, await timelineSvg(history, result.title));
  const full = { ...result, plot };
  await writeFile(`${dir}/results/${result.id}.json`, redact(JSON.stringify(full, null, 2)));
  return full;
}

export async function loadResults(dir = REPORTS_DIR): Promise<ScenarioResult[]> {
  let names: string[];
  try {
    names = (await readdir(`${dir}/results`)).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const results = await Promise.all(names.map(async (n) => JSON.parse(await readFile(`${dir}/results/${n}`, 'utf8')) as ScenarioResult));
  return results.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}
