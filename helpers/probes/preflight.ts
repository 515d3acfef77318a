// Before probing, a URL must answer: an unreachable one fails within 10 s, saying which URL
// and why, instead of producing a history of failures that blames the application.
import { request } from 'undici';
import { classifyError } from './classify.js';

export class PreflightError extends Error {
  override name = 'PreflightError';
}

export const PREFLIGHT_TIMEOUT_MS = 10_000;

export async function preflight(url: string, timeoutMs = PREFLIGHT_TIMEOUT_MS): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  try {
    const res = await request(url, { method: 'GET', signal: AbortSignal.timeout(timeoutMs), reset: true });
    await res.body.dump();
    const ms = Math.round(performance.now() - started);
    if (res.statusCode >= 400) throw new PreflightError(`preflight: ${url} answered HTTP ${res.statusCode} (after ${ms} ms)`);
    return { status: res.statusCode, ms };
  } catch (error) {
    if (error instanceof PreflightError) throw error;
    const { error: kind, detail } = classifyError(error);
    const ms = Math.round(performance.now() - started);
    const why = kind === 'timeout' ? `no answer within ${timeoutMs} ms` : `${kind === 'other' ? '' : `connection ${kind}, `}${detail}`;
    throw new PreflightError(`preflight: ${url} is unreachable: ${why} (after ${ms} ms)`, { cause: error });
  }
}
