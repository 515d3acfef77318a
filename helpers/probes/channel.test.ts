import { describe, expect, it } from 'vitest';
import { CHANNEL_DEFAULTS, ChannelSpecError, validateChannel, type ChannelSpec } from './channel.js';

const session: ChannelSpec = {
  name: 'session',
  mode: 'session',
  check: 'render',
  url: 'http://127.0.0.1:8080/app/',
  marker: 'rendered',
  login: { url: 'http://127.0.0.1:8080/app/do/login', form: { username: 'admin', password: 's3cret-Pa55' }, marker: 'Signed in as admin' },
  ...CHANNEL_DEFAULTS,
};
const spec = (change: Record<string, unknown>) => ({ ...session, ...change }) as ChannelSpec;

describe('channel specs', () => {
  it('accepts a valid spec as it is', () => {
    expect(validateChannel(session)).toEqual(session);
  });

  it.each([
    [{ name: 'Logged In' }, 'channel "Logged In": name must be lowercase letters, digits and dashes, got "Logged In"'],
    [{ mode: 'incognitio' }, 'channel "session": mode must be incognito or session, got "incognitio" (did you mean incognito?)'],
    [{ check: 'html' }, 'channel "session": check must be render or api, got "html"'],
    [{ timeoutMs: 0 }, 'channel "session": timeoutMs must be a number of milliseconds from 1 to 120000, got 0'],
    [{ slowMs: 0 }, 'channel "session": slowMs must be a number of milliseconds from 1 to timeoutMs (2000), got 0'],
    [{ mode: 'incognito' }, 'channel "session": mode must be session when login is set, got "incognito"'],
    [{ cadence: 50 }, 'channel "session": cadence is unknown (did you mean cadenceMs?)'],
    [{ login: { ...session.login, url: 'login' } }, 'channel "session": login.url must be an absolute http(s) URL, got "login"'],
  ])('refuses %j naming the channel, the field and the value', (change, message) => {
    expect(() => validateChannel(spec(change))).toThrow(ChannelSpecError);
    expect(() => validateChannel(spec(change))).toThrow(message);
  });

  it('never puts the login form in an error', () => {
    const leaks = [
      spec({ login: { ...session.login, form: { username: 'admin', password: 12345 } } }),
      spec({ login: 'admin:s3cret-Pa55' }),
      spec({ login: { ...session.login, extra: 's3cret-Pa55' } }),
      spec({ mode: 'incognito' }),
    ];
    for (const leak of leaks) {
      let message = '';
      try {
        validateChannel(leak);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^channel "session": /);
      expect(message).not.toMatch(/s3cret|12345/);
    }
  });
});
