import { describe, expect, it } from 'vitest';
import { ChannelSpecError } from '../probes/channel.js';
import { parseRate, validateLoadSpec } from './load-spec.js';
import { classifyResult, wallClockMs } from './vegeta-result.js';

const target = { name: 'page', url: 'http://127.0.0.1:8080/entando-de-app/' };

describe('load spec', () => {
  it('reads a rate as a person writes it', () => {
    expect(parseRate('300/s')).toBe(300);
    expect(parseRate('300')).toBe(300);
    expect(parseRate('18000/m')).toBe(300);
  });

  it('refuses a bad rate by its source and says what it takes', () => {
    for (const bad of ['0/s', 'fast', '300/h', '-5', '1e9', '9000/s', '2.5/s']) {
      expect(() => parseRate(bad, 'CHAOS_LOAD_RATE')).toThrow(`CHAOS_LOAD_RATE must be a whole number of requests a second from 1 to 5000, like 300/s, got "${bad}"`);
    }
  });

  it('refuses a bad rate, duration or target by field', () => {
    const refused = (spec: object) => {
      try {
        validateLoadSpec({ name: 'load', ratePerSecond: 300, targets: [target], ...spec });
      } catch (error) {
        expect(error).toBeInstanceOf(ChannelSpecError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refused({ ratePerSecond: 0 })).toMatch(/ratePerSecond.*an integer from 1 to 5000, got 0/);
    expect(refused({ durationMs: 3_600_000 })).toMatch(/durationMs.*from 100 to 1800000, got 3600000/);
    expect(refused({ targets: [] })).toMatch(/targets.*at least one target/);
    expect(refused({ targets: [{ ...target, url: 'http://10.0.0.1/' }] })).toMatch(/targets\.0\.url.*on 127\.0\.0\.1 \(load is aimed at this machine only\)/);
    expect(refused({ targets: [{ ...target, metod: 'GET' }] })).toMatch(/metod/);
  });
});

describe('a Vegeta result', () => {
  it('keeps the nanoseconds of its timestamp', () => {
    expect(wallClockMs('2026-12-02T18:16:33.395909672Z') - Date.parse('2026-12-02T18:16:33.395Z')).toBeCloseTo(0.909672, 5);
    expect(wallClockMs('2026-12-02T19:16:33.5+01:00')).toBe(Date.parse('2026-12-02T18:16:33.500Z'));
    expect(() => wallClockMs('yesterday')).toThrow('not an RFC 3339 time: "yesterday"');
  });

  it('is classified in the probes\' terms', () => {
    expect(classifyResult({ code: 200, error: '' })).toEqual({ outcome: 'ok' });
    expect(classifyResult({ code: 302, error: '' })).toEqual({ outcome: 'ok' });
    expect(classifyResult({ code: 502, error: '502 Bad Gateway' })).toEqual({ outcome: 'fail', error: '5xx', detail: 'HTTP 502' });
    expect(classifyResult({ code: 0, error: 'Get "http://127.0.0.1:1/": dial tcp 127.0.0.1:1: connect: connection refused' })).toMatchObject({ outcome: 'fail', error: 'refused' });
    expect(classifyResult({ code: 0, error: 'Get "http://127.0.0.1/": net/http: request canceled (Client.Timeout exceeded while awaiting headers)' })).toMatchObject({ outcome: 'info', error: 'timeout' });
    expect(classifyResult({ code: 0, error: 'Get "http://127.0.0.1/": EOF' })).toMatchObject({ outcome: 'fail', error: 'reset' });
    expect(classifyResult({ code: 0, error: 'something new' })).toEqual({ outcome: 'fail', error: 'other', detail: 'something new' });
  });
});
