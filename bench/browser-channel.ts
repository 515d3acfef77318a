// What the browser channel costs: CPU at its default cadence (500 ms), and whether the HTTP
// prober keeps its schedule beside it (p99 lag <= 5 ms) at a scenario's rates (three channels
// at 50 ms). Two runs of one process each, the HTTP prober alone and with the browser channel;
// the CPU of the whole process tree (Node and every Chromium process it started) from
// /usr/bin/time, which counts the descendants that were waited for.
// Goal (issue 16): HTTP p99 schedule lag <= 5 ms with the browser channel running.
import { execa } from 'execa';
import { writeFigures } from './write-figures.js';

const SECONDS = 30;
const server = execa('npx', ['tsx', 'bench/support/page-server.ts', '--assets']);
const port = await new Promise<string>((resolve) => server.stdout!.once('data', (chunk) => resolve(String(chunk).trim())));
const url = `http://127.0.0.1:${port}/`;

const runs: Record<string, unknown>[] = [];
try {
  for (const mode of ['http-only', 'with-browser']) {
    const run = await execa('/usr/bin/time', ['-f', 'cpu %U %S %e', 'node', '--import', 'tsx', 'bench/support/browser-load.ts', url, String(SECONDS), mode], { all: true });
    const lines = String(run.all).trim().split('\n').reverse();
    const figures = JSON.parse(lines.find((l) => l.startsWith('{'))!) as Record<string, unknown>;
    const [user, system, wall] = lines.find((l) => l.startsWith('cpu '))!.split(' ').slice(1).map(Number) as [number, number, number];
    runs.push({ ...figures, cpuSeconds: Number((user + system).toFixed(2)), wallSeconds: wall, coresUsed: Number(((user + system) / wall).toFixed(2)) });
    process.stderr.write(`${mode}: ${JSON.stringify(runs.at(-1))}\n`);
  }
} finally {
  server.kill();
}
const [alone, beside] = runs as { cpuSeconds: number; wallSeconds: number; httpP99LagMs: number }[];
await writeFigures('browser-channel', {
  method: `page server in its own process; per configuration one process: 3 HTTP channels every 50 ms for ${SECONDS} s after 3 s of warm-up, with or without the browser channel at its defaults; CPU of the process tree by /usr/bin/time`,
  runs,
  browserCoresAtDefaultCadence: Number(((beside!.cpuSeconds - alone!.cpuSeconds) / beside!.wallSeconds).toFixed(2)),
  httpP99LagMsAloneVsBeside: [alone!.httpP99LagMs, beside!.httpP99LagMs],
  goalHttpP99LagMs: 5,
});
