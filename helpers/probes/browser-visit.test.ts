import { describe, expect, it } from 'vitest';
import { netFailure } from './browser-visit.js';

describe('a subresource that got no response', () => {
  it('is the page\'s failure in the kinds the HTTP channels record, a timeout indeterminate', () => {
    expect(netFailure('script http://x/app.js', 'net::ERR_CONNECTION_REFUSED')).toMatchObject({ outcome: 'fail', error: 'refused' });
    expect(netFailure('image http://x/a.png', 'net::ERR_EMPTY_RESPONSE')).toMatchObject({ outcome: 'fail', error: 'reset' });
    expect(netFailure('document http://x/', 'net::ERR_TIMED_OUT')).toMatchObject({ outcome: 'info', error: 'timeout' });
    expect(netFailure('document http://x/', 'net::ERR_FAILED')).toMatchObject({ outcome: 'fail', error: 'other' });
  });

  it('is unmeasured, saying why, when Chromium dropped it because this machine\'s network changed', () => {
    const finding = netFailure('script http://x/app.js', 'net::ERR_NETWORK_CHANGED');
    expect(finding).toMatchObject({ outcome: 'info', error: 'unmeasured' });
    expect(finding.detail).toBe("script http://x/app.js failed: net::ERR_NETWORK_CHANGED: this machine's network changed under the browser (Docker adding or removing an interface), not the application");
  });
});
