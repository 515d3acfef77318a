// The prober's GET, on undici's dispatch interface: no stream and no AbortSignal per
// request, which is what lets one core send thousands of requests a second on schedule.
import type { Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';

export interface GetResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export class ProbeTimeoutError extends Error {
  override name = 'TimeoutError';
}

export interface PendingGet {
  result: Promise<GetResult>;
  /** Settles the request as timed out now and frees its connection. */
  expire(): void;
}

export function get(
  dispatcher: Dispatcher,
  url: URL,
  headers: Record<string, string>,
  options: { reset: boolean; timeoutMs: number },
): PendingGet {
  let controller: Dispatcher.DispatchController | undefined;
  let settle!: { resolve: (r: GetResult) => void; reject: (e: Error) => void };
  let settled = false;
  const result = new Promise<GetResult>((resolve, reject) => {
    settle = {
      resolve: (r) => {
        settled = true;
        resolve(r);
      },
      reject: (e) => {
        settled = true;
        reject(e);
      },
    };
  });
  let status = 0;
  let responseHeaders: IncomingHttpHeaders = {};
  const chunks: Buffer[] = [];
  const handler: Dispatcher.DispatchHandler = {
    onRequestStart(c) {
      controller = c;
    },
    onResponseStart(_c, statusCode, h) {
      status = statusCode;
      responseHeaders = h;
    },
    onResponseData(_c, chunk) {
      chunks.push(chunk);
    },
    onResponseEnd() {
      if (!settled) settle.resolve({ status, headers: responseHeaders, body: (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8') });
    },
    onResponseError(_c, error) {
      if (!settled) settle.reject(error);
    },
  };
  dispatcher.dispatch(
    {
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers,
      reset: options.reset,
      // undici's own timers are a backstop; the prober's sweeper expires requests on time.
      headersTimeout: options.timeoutMs * 2,
      bodyTimeout: options.timeoutMs * 2,
    },
    handler,
  );
  return {
    result,
    expire() {
      if (settled) return;
      const error = new ProbeTimeoutError(`no answer within ${options.timeoutMs} ms`);
      settle.reject(error);
      controller?.abort(error);
    },
  };
}
