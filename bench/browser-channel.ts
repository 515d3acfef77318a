// What the browser channel costs: the machine's CPU at its default cadence (500 ms) and at the
// guide scenarios' (1000 ms), and whether the HTTP prober keeps its schedule beside it (p99 lag
// <= 5 ms) at a scenario's rates (three channels at 50 ms). One process per configuration, in
// one run, so the figures sit side by side on the same (noisy, shared) machine.
// Goal (issue 16): HTTP p99 schedule lag <= 5 ms with the browser channel running.
import { execa } from 'execa';
import { BROWSER_DEFAULTS } from '../helpers/probes/browser-channel.js';
import { SCENARIO_BROWSER_CADENCE_MS } from '../helpers/suite/channels.js';
import { writeFigures } from './write-figures.js';

const SECONDS = 30;
const server = execa('npx', ['tsx', 'bench/support/page-server.ts', '--assets']);
const port = await new Promise<string>((resolve) => server.stdout!.once('data', (chunk) => resolve(String(chunk).trim())));
const url = `http://127.0.0.1:${port}/`;

const runs: { browserCadenceMs: number | null; machineCoresBusy: number; httpP99LagMs: number }[] = [];
try {
  for (const cadence of ['none', String(BROWSER_DEFAULTS.cadenceMs), String(SCENARIO_BROWSER_CADENCE_MS)]) {
    const run = await execa('node', ['--import', 'tsx', 'bench/support/browser-load.ts', url, String(SECONDS), cadence], { all: true });
    runs.push(JSON.parse(String(run.all).trim().split('\n').reverse().find((l) => l.startsWith('{'))!));
    process.stderr.write(`${JSON.stringify(runs.at(-1))}\n`);
  }
} finally {
  server.kill();
}
const [alone, ...beside] = runs;
await writeFigures('browser-channel', {
  method: `page server in its own process; per configuration one process: 3 HTTP channels every 50 ms for ${SECONDS} s after 3 s of warm-up, alone or with the browser channel (its own process, nice 19, Chromium without CAP_SYS_NICE); CPU: the whole machine's busy cores from /proc/stat over the measured ${SECONDS} s`,
  runs,
  browserCoresByCadence: Object.fromEntries(beside.map((r) => [`${r.browserCadenceMs}ms`, Number((r.machineCoresBusy - alone!.machineCoresBusy).toFixed(2))])),
  httpP99LagMsAloneThenByCadence: runs.map((r) => r.httpP99LagMs),
  goalHttpP99LagMs: 5,
});
