// The browser channel's spec: a real Chromium visiting a page, as data checked up front like
// the HTTP channels' (channel.ts), refusing a bad option by its channel, field and value.
import { z } from 'zod';
import { httpUrl, kebabName, numberIn } from '../validation/leaves.js';
import { parseWith } from '../validation/problems.js';
import { channelSpecError } from './channel.js';

// A visit costs a browser context (a new renderer process), a page and its subresources: about
// 0.4 s of CPU for a small page (Chromium 156 on these 2-core machines), so every 500 ms takes
// most of a core; hence a slower schedule than the HTTP channels' and only a few visits at once.
export const BROWSER_DEFAULTS = { cadenceMs: 500, timeoutMs: 5_000, concurrency: 2 } as const;

export const browserSpecSchema = z.strictObject({
  name: kebabName(),
  url: httpUrl(),
  /** A CSS selector the page's DOM matches once it has rendered, e.g. `[data-entando-rendered="true"]`. */
  markerSelector: z.string({ error: 'a CSS selector' }).min(1),
  cadenceMs: numberIn({ min: 10, max: 60_000, unit: 'milliseconds' }).default(BROWSER_DEFAULTS.cadenceMs),
  /** The whole visit: the document, every subresource and the marker. */
  timeoutMs: numberIn({ min: 1, max: 120_000, unit: 'milliseconds' }).default(BROWSER_DEFAULTS.timeoutMs),
  /** Visits in flight at most; a visit due beyond it is recorded as unmeasured, never queued. */
  concurrency: numberIn({ min: 1, max: 16, integer: true }).default(BROWSER_DEFAULTS.concurrency),
});

/** What a caller writes (the defaults may be left out). */
export type BrowserSpecInput = z.input<typeof browserSpecSchema>;
export type BrowserSpec = z.output<typeof browserSpecSchema>;

export function validateBrowserChannel(spec: BrowserSpecInput): BrowserSpec {
  return parseWith(browserSpecSchema, spec, (problems) => channelSpecError(spec.name, problems));
}
