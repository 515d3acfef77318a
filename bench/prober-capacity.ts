// How many requests per second the prober sustains on one core with p99 schedule lag <= 5 ms.
// The prober runs pinned to CPU 0, the page server to CPU 1 (taskset), so they do not compete.
// Measured twice: with Node's default young generation, and with the larger one the suite's
// own processes use (--max-semi-space-size, see GC_FLAGS), because the prober keeps every
// operation and young-generation collections are what delay its schedule.
// Goal (issue 3): >= 2,000 requests per second.
import { execa } from 'execa';
import { GC_FLAGS } from '../helpers/probes/gc-flags.js';
import { writeFigures } from './write-figures.js';

const RATES = [500, 1_000, 1_500, 2_000, 2_500, 3_000, 4_000];
const SECONDS = 5;
const MAX_P99_LAG_MS = 5;

const server = execa('taskset', ['-c', '1', 'npx', 'tsx', 'bench/support/page-server.ts']);
const port = await new Promise<string>((resolve) => server.stdout!.once('data', (chunk) => resolve(String(chunk).trim())));
const url = `http://127.0.0.1:${port}/`;

type Step = { requested: number; sent: number; achievedPerSecond: number; notOk: number; p50LagMs: number; p99LagMs: number; p99LatencyMs: number };
const results: Record<string, Step[]> = {};
const configurations = { default: [] as string[], tuned: GC_FLAGS };
try {
  for (const [gc, flags] of Object.entries(configurations)) {
    for (const mode of ['session', 'incognito']) {
      const key = `${mode}, ${gc} GC`;
      results[key] = [];
      for (const rate of RATES) {
        const step = await execa('taskset', ['-c', '0', 'node', ...flags, '--import', 'tsx', 'bench/support/prober-load.ts', url, mode, String(rate), String(SECONDS)]);
        const figures = JSON.parse(String(step.stdout).trim().split('\n').pop()!) as Step;
        results[key]!.push(figures);
        process.stderr.write(`${key} ${rate}/s: ${JSON.stringify(figures)}\n`);
        if (figures.p99LagMs > MAX_P99_LAG_MS * 4) break;
      }
    }
  }
} finally {
  server.kill();
}
const capacity = (steps: Step[]) =>
  Math.max(0, ...steps.filter((s) => s.p99LagMs <= MAX_P99_LAG_MS && s.notOk === 0 && s.achievedPerSecond >= s.requested * 0.95).map((s) => s.requested));
await writeFigures('prober-capacity', {
  method: `prober pinned to CPU 0, page server to CPU 1; per rate, 2 s of warm-up then ${SECONDS} s measured`,
  capacityPerSecond: Object.fromEntries(Object.entries(results).map(([key, steps]) => [key, capacity(steps)])),
  gcFlags: GC_FLAGS,
  criterion: `p99 schedule lag <= ${MAX_P99_LAG_MS} ms, every request served, >= 95% of the requested rate`,
  steps: results,
  goalPerSecond: 2_000,
});
