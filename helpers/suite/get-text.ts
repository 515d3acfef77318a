// One GET whose whole answer a test reads: status, headers and body as text.
import { request } from 'undici';

export async function getText(url: string, headers: Record<string, string> = {}, options: { timeoutMs?: number } = {}) {
  const res = await request(url, { headers, ...(options.timeoutMs ? { signal: AbortSignal.timeout(options.timeoutMs) } : {}) });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}
