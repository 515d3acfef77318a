// Benchmarks print their figures as JSON on stdout and keep a copy in reports/bench/.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { REPORTS_DIR } from '../helpers/paths.js';

export async function writeFigures(name: string, figures: Record<string, unknown>) {
  const record = {
    bench: name,
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    ...figures,
  };
  await mkdir(`${REPORTS_DIR}/bench`, { recursive: true });
  await writeFile(`${REPORTS_DIR}/bench/${name}.json`, `${JSON.stringify(record, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
}
