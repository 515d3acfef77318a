// Long steps (builds, cluster creation) say what is awaited and for how long, every 15 s.
import { log } from './log.js';

export async function withProgress<T>(what: string, work: Promise<T>, everyMs = 15_000): Promise<T> {
  const started = performance.now();
  const ticker = setInterval(() => log.info(`${what}: still running (${((performance.now() - started) / 1000).toFixed(0)} s)`), everyMs);
  try {
    return await work;
  } finally {
    clearInterval(ticker);
  }
}
