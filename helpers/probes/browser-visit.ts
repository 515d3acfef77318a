// One visit as a user in a private window makes it: a fresh browser context (no cookies, no
// cache), the page, everything the page asked for, and the marker its scripts render. The first
// thing that goes wrong ends the visit, so a broken page costs the browser no more than it must.
import type { Browser, Page, Request, Response } from 'playwright-core';
import type { ErrorKind } from '../history/records.js';
import type { BrowserSpec } from './browser-channel.js';
import type { Classified } from './classify.js';

/** What makes a page appear to a user; a favicon, a beacon or an XHR does not. */
const AWAITED = new Set(['document', 'stylesheet', 'script', 'image']);

// Chromium's net errors (net/base/net_error_list.h) in the kinds the HTTP channels record, and
// why, where the kind alone does not say. Chromium drops what is in flight when the machine it
// runs on changes its network configuration, as the Docker engine beside it does whenever it adds
// or removes a container's interface (a fault, an instance replaced, another file's target; a
// main job of 2026-12-04 failed node termination on a script dropped so). A user's browser on
// another machine would see nothing of it: such a visit says nothing of the page.
const NET_ERRORS: [RegExp, ErrorKind, string?][] = [
  [/ERR_CONNECTION_REFUSED/, 'refused'],
  [/ERR_CONNECTION_(RESET|CLOSED|ABORTED)|ERR_EMPTY_RESPONSE|ERR_INCOMPLETE_CHUNKED_ENCODING|ERR_CONTENT_LENGTH_MISMATCH/, 'reset'],
  [/ERR_(CONNECTION_)?TIMED_OUT/, 'timeout'],
  [/ERR_(ADDRESS|NETWORK)_UNREACHABLE|ERR_INTERNET_DISCONNECTED/, 'unreachable'],
  [/ERR_NETWORK_CHANGED/, 'unmeasured', "this machine's network changed under the browser (Docker adding or removing an interface), not the application"],
];
/** Kinds that say nothing either way (Jepsen's info), as in classify.ts. */
const INDETERMINATE = new Set<ErrorKind>(['timeout', 'unmeasured']);

/** Keeps a visit's screenshot (JPEG) and says where, relative to the reports directory. */
export type FrameSink = (seq: number, jpeg: Buffer) => Promise<string>;

/** A frame is a thumbnail in the report: small, and never allowed to hold the schedule up for long. */
const VIEWPORT = { width: 800, height: 500 };
const FRAME = { type: 'jpeg', quality: 50, timeout: 1_000, animations: 'disabled' } as const;

/** The instance header the reference app and the suite's edge set; the real engine sets none. */
const INSTANCE_HEADER = 'x-entando-instance';

export interface VisitResult extends Classified {
  /** The document's status, or the failing subresource's when that is what failed. */
  status?: number;
  /** The instance that answered the document, or the failing subresource when that is what failed. */
  instance?: string;
  /** The screenshot the visit ended on. */
  frame?: string;
  /** When the outcome was known (the page complete, the first failure, the timeout), before the context closes. */
  at: number;
}

/** Something that went wrong, or a timeout, before the visit's end is known. */
type Finding = Omit<VisitResult, 'at'>;

const describe = (request: Request) => `${request.resourceType()} ${request.url()}`;

/** A request that got no response, in the kinds the HTTP channels record. */
export function netFailure(subject: string, errorText: string): Finding {
  const [, error, why] = NET_ERRORS.find(([pattern]) => pattern.test(errorText)) ?? [undefined, 'other' as const];
  return { outcome: INDETERMINATE.has(error) ? 'info' : 'fail', error, detail: `${subject} failed: ${errorText}${why ? `: ${why}` : ''}` };
}

const instanceOf = (response: Response | null | undefined) => response?.headers()[INSTANCE_HEADER] || undefined;

/** What the page looked like when the visit ended; a page that cannot be pictured has no frame, which is no finding. */
async function picture(page: Page, save?: (jpeg: Buffer) => Promise<string>): Promise<string | undefined> {
  if (!save) return undefined;
  return page.screenshot(FRAME).then(save, () => undefined);
}

export async function visit(browser: Browser, spec: BrowserSpec, now: () => number, save?: (jpeg: Buffer) => Promise<string>): Promise<VisitResult> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    const failures: Finding[] = [];
    let failed!: () => void;
    const firstFailure = new Promise<void>((resolve) => (failed = resolve));
    const fail = (failure: Finding) => {
      failures.push(failure);
      failed();
    };

    // The awaited requests not yet complete: a page is whole only when none is left.
    const pending = new Set<Request>();
    let drained: (() => void) | undefined;
    const settle = (request: Request) => {
      pending.delete(request);
      if (pending.size === 0) drained?.();
    };
    page.on('request', (request) => {
      if (AWAITED.has(request.resourceType())) pending.add(request);
    });
    page.on('requestfinished', settle);
    // Chromium aborts a subresource it was refused (a script answered 404): one failure, told by its status.
    const refused = new Set<Request>();
    page.on('requestfailed', (request) => {
      settle(request);
      if (AWAITED.has(request.resourceType()) && !refused.has(request)) fail(netFailure(describe(request), request.failure()?.errorText ?? 'no reason given'));
    });
    page.on('response', (response) => {
      const status = response.status();
      if (status < 400 || !AWAITED.has(response.request().resourceType())) return;
      const instance = instanceOf(response);
      refused.add(response.request());
      fail({ outcome: 'fail', error: status >= 500 ? '5xx' : '4xx', status, instance, detail: `${describe(response.request())} answered HTTP ${status}${instance ? ` from ${instance}` : ''}` });
    });
    page.on('pageerror', (error) => fail({ outcome: 'fail', error: 'wrong-content', detail: `script error: ${error.name}: ${error.message}` }));

    let documentStatus: number | undefined;
    let documentInstance: string | undefined;
    const complete = (async () => {
      // No Playwright timeouts: the one deadline below bounds the whole visit.
      const response = await page.goto(spec.url, { waitUntil: 'load', timeout: 0 });
      documentStatus = response?.status();
      documentInstance = instanceOf(response);
      await page.waitForSelector(spec.markerSelector, { state: 'attached', timeout: 0 });
      // An image a script added after the load event is still part of the page.
      if (pending.size > 0) await new Promise<void>((resolve) => (drained = resolve));
    })();
    // Closing the context at a timeout or failure rejects what was still waiting; that is expected.
    const ended = complete.then(
      () => 'complete' as const,
      (error: Error) => failures.length === 0 && fail(netFailure('the page', error.message.split('\n')[0]!)),
    );
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), spec.timeoutMs)));
    const end = await Promise.race([ended, firstFailure, timedOut]);
    clearTimeout(timer);
    const at = now();

    const frame = await picture(page, save);
    const seen = { status: documentStatus, instance: documentInstance, frame, at };

    const [first, ...more] = failures;
    if (first) return { ...seen, ...first, status: first.status ?? documentStatus, instance: first.instance ?? documentInstance, detail: more.length > 0 ? `${first.detail}; then ${more[0]!.detail}${more.length > 1 ? ` and ${more.length - 1} more` : ''}` : first.detail };
    if (end === 'complete') return { outcome: 'ok', ...seen };
    const loading = [...pending].map(describe);
    const detail =
      loading.length > 0
        ? `still loading after ${spec.timeoutMs} ms: ${loading.slice(0, 3).join(', ')}${loading.length > 3 ? ` and ${loading.length - 3} more` : ''}`
        : `marker ${spec.markerSelector} not in the page after ${spec.timeoutMs} ms`;
    return { outcome: 'info', error: 'timeout', detail, ...seen };
  } finally {
    await context.close();
  }
}
