// One scenario's outcome as a file (reports/results/<id>.json), so the report can be built
// from every scenario of a run, whichever worker process ran it. Each carries its run's id:
// a run reports only what it ran, never a file an earlier run left.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { CombinedVerdict, Verdict } from '../checkers/verdict.js';
import type { History } from '../history/history.js';
import { redact } from '../log/redact.js';
import { REPORTS_DIR } from '../paths.js';
import type { TargetDescription } from '../targets/target.js';
import { filmstripsOf, type Filmstrip } from './filmstrip.js';
import { timelineSvg } from './timeline-plot.js';

export interface ScenarioResult {
  /** The run (one `npm start` or `npm test`) that produced it. */
  runId: string;
  id: string;
  title: string;
  /** A negative control expects `invalid`: the check must be able to fail. */
  expect: 'valid' | 'invalid';
  /** self-test: the reference app, switches turned by the suite; assessment: an application as it is deployed. */
  mode?: 'self-test' | 'assessment';
  /** Set when the step could not run on this application: why (the verdict is then unknown). */
  notApplicable?: string;
  /** Whether the verdict is what was expected. */
  holds: boolean;
  /** Absent when the case did not finish: its target may never have started. */
  target?: TargetDescription | { kind: 'url'; url: string };
  startedAt: string;
  durationMs: number;
  /** Where durationMs went: each phase (start: the instruments starting), then judging (stopping them, the checkers). */
  phasesMs?: Record<string, number>;
  verdict: CombinedVerdict;
  /** Paths relative to the reports folder. */
  journal: string;
  plot: string;
  /** The browser channels' screenshots to show, chosen from the history (the files stay in frames/). */
  filmstrips?: Filmstrip[];
  evidence?: Evidence[];
}

/** A file kept beside the result for a reader to look at, e.g. the sentinels' logs. */
export interface Evidence {
  title: string;
  /** Relative to the reports folder. */
  file: string;
}

export interface KeyFigures {
  longestOutageMs?: number;
  failedRequests?: number;
  recoveryMs?: number;
  /** Under load: the load channel's requests served of those sent, the ones never sent, and its p99. */
  load?: { ok: number; attempted: number; unmeasured: number; p99Ms?: number };
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
    if (v.checker === 'load-availability') {
      const load = (v.figures.channels as Record<string, NonNullable<KeyFigures['load']>> | undefined)?.load;
      if (load) figures.load = { ok: load.ok, attempted: load.attempted, unmeasured: load.unmeasured, p99Ms: load.p99Ms };
    }
    if (v.checker === 'recovery' && typeof v.figures.totalMs === 'number') figures.recoveryMs = v.figures.totalMs;
  }
  return figures;
}

/**
 * What names a result's files (result, plot, journal, evidence): its id, prefixed in an
 * assessment, whose steps share their ids with the self-test's cases and run beside them in
 * `npm test`.
 */
export const resultKey = (r: { id: string; mode?: 'self-test' | 'assessment' }) => (r.mode === 'assessment' ? `assessment.${r.id}` : r.id);

export async function saveResult(result: Omit<ScenarioResult, 'plot' | 'filmstrips'>, history: History, dir = REPORTS_DIR): Promise<ScenarioResult> {
  const plot = `plots/${resultKey(result)}.svg`;
  await mkdir(`${dir}/plots`, { recursive: true });
  await mkdir(`${dir}/results`, { recursive: true });
  await writeFile(`${dir}/${plot}`, await timelineSvg(history, result.title));
  const filmstrips = filmstripsOf(history, result.verdict.verdicts);
  const full: ScenarioResult = { ...result, plot, ...(filmstrips.length > 0 ? { filmstrips } : {}) };
  await writeFile(`${dir}/results/${resultKey(result)}.json`, redact(JSON.stringify(full, null, 2)));
  return full;
}

/** The result of a step that could not run on this application: never holding, saying why. */
export async function saveNotApplicable(result: Omit<ScenarioResult, 'plot' | 'journal' | 'verdict' | 'holds' | 'notApplicable'>, reason: string, dir = REPORTS_DIR) {
  const full: ScenarioResult = {
    ...result,
    holds: false,
    notApplicable: reason,
    verdict: { valid: 'unknown', verdicts: [], explanation: `Not applicable, because ${reason}.` },
    journal: '',
    plot: '',
  };
  await mkdir(`${dir}/results`, { recursive: true });
  await writeFile(`${dir}/results/${resultKey(result)}.json`, redact(JSON.stringify(full, null, 2)));
  return full;
}

// What the report needs of a result file; figures stay free-form (each checker has its own).
const resultFile = z.looseObject({
  runId: z.string(),
  id: z.string(),
  title: z.string(),
  expect: z.enum(['valid', 'invalid']),
  mode: z.enum(['self-test', 'assessment']).optional(),
  notApplicable: z.string().optional(),
  holds: z.boolean(),
  startedAt: z.string(),
  durationMs: z.number(),
  verdict: z.looseObject({ valid: z.union([z.boolean(), z.literal('unknown')]), explanation: z.string(), verdicts: z.array(z.looseObject({})) }),
  journal: z.string(),
  plot: z.string(),
});

class ResultFileError extends Error {
  override name = 'ResultFileError';
}

/** The results of one run, oldest first; a file that is not a result is refused naming the file and the field. */
export async function loadResults(runId: string, dir = REPORTS_DIR): Promise<ScenarioResult[]> {
  let names: string[];
  try {
    names = (await readdir(`${dir}/results`)).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const results = await Promise.all(
    names.map(async (n) => {
      const file = `${dir}/results/${n}`;
      let json: unknown;
      try {
        json = JSON.parse(await readFile(file, 'utf8'));
      } catch (error) {
        throw new ResultFileError(`${file} is not JSON: ${(error as Error).message}`);
      }
      const parsed = resultFile.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new ResultFileError(`${file} is not a scenario result: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
      }
      return parsed.data as unknown as ScenarioResult;
    }),
  );
  return results.filter((r) => r.runId === runId).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}
