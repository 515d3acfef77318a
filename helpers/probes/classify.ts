// Turns what a request returned, or how it failed, into an outcome and a user-level reason.
import type { ErrorKind, Outcome } from '../history/records.js';

export interface Classified {
  outcome: Outcome;
  error?: ErrorKind;
  detail?: string;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);
const RESET_CODES = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'UND_ERR_CLOSED']);
const UNREACHABLE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN']);

/** A request that failed without a response. A timeout is indeterminate (Jepsen's info), not a failure. */
export function classifyError(error: unknown): Classified {
  const e = error as { name?: string; code?: string; message?: string; cause?: { code?: string; name?: string } };
  const code = e.code ?? e.cause?.code ?? '';
  const detail = code || e.name || 'error';
  if (e.name === 'TimeoutError' || e.cause?.name === 'TimeoutError' || TIMEOUT_CODES.has(code)) {
    return { outcome: 'info', error: 'timeout', detail };
  }
  if (code === 'ECONNREFUSED') return { outcome: 'fail', error: 'refused', detail };
  if (RESET_CODES.has(code)) return { outcome: 'fail', error: 'reset', detail };
  if (UNREACHABLE_CODES.has(code)) return { outcome: 'fail', error: 'unreachable', detail };
  return { outcome: 'fail', error: 'other', detail: `${detail}: ${e.message ?? ''}`.slice(0, 200) };
}

const OK: Classified = Object.freeze({ outcome: 'ok' });

/** A response: the check decides whether its content is what a user expects. */
export function classifyResponse(check: 'render' | 'api', status: number, body: string, marker?: string): Classified {
  if (status >= 500) return { outcome: 'fail', error: '5xx', detail: `HTTP ${status}` };
  if (status >= 400) return { outcome: 'fail', error: '4xx', detail: `HTTP ${status}` };
  if (status !== 200) return { outcome: 'fail', error: 'other', detail: `HTTP ${status}` };
  if (check === 'render') {
    return marker === undefined || body.includes(marker) ? OK : { outcome: 'fail', error: 'wrong-content', detail: 'marker missing' };
  }
  // Entando 6.2's health endpoint answers by its status alone, with an empty body. (No trim():
  // this runs for every probe answer, and a JSON body fails the test at its first character.)
  if (!/\S/.test(body)) return OK;
  try {
    const json = JSON.parse(body) as { status?: unknown };
    if (json.status !== undefined && json.status !== 'UP') {
      return { outcome: 'fail', error: 'wrong-content', detail: `status ${String(json.status)}` };
    }
    return OK;
  } catch {
    return { outcome: 'fail', error: 'wrong-content', detail: 'not JSON' };
  }
}
