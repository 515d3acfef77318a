import { describe, expect, it } from 'vitest';
import { History } from '../history/history.js';
import { BROWSER_DEFAULTS, validateBrowserChannel, type BrowserSpecInput } from './browser-channel.js';
import { BrowserProber } from './browser-prober.js';
import { ChannelSpecError } from './channel.js';

const page: BrowserSpecInput = { name: 'browser', url: 'http://127.0.0.1:8080/app/', markerSelector: '[data-rendered]' };

describe('browser channel specs', () => {
  it('fills in the schedule, the timeout and the concurrency left out', () => {
    expect(validateBrowserChannel(page)).toEqual({ ...page, ...BROWSER_DEFAULTS });
    expect(BROWSER_DEFAULTS).toMatchObject({ cadenceMs: 500, concurrency: 2 });
  });

  it.each([
    [{ cadenceMs: -1 }, 'channel "browser": cadenceMs must be a number of milliseconds from 10 to 60000, got -1'],
    [{ cadence: 500 }, 'channel "browser": cadence is unknown (did you mean cadenceMs?)'],
    [{ concurrency: 1.5 }, 'channel "browser": concurrency must be an integer from 1 to 16, got 1.5'],
    [{ markerSelector: '' }, 'channel "browser": markerSelector must be a CSS selector, got ""'],
    [{ url: 'file:///tmp/page.html' }, 'channel "browser": url must be an http or https URL, got "file:///tmp/page.html"'],
  ])('refuses %j naming the channel, the field and the value, before any browser starts', (change, message) => {
    const spec = { ...page, ...change } as BrowserSpecInput;
    expect(() => new BrowserProber(new History('x'), spec)).toThrow(ChannelSpecError);
    expect(() => new BrowserProber(new History('x'), spec)).toThrow(message);
  });
});
