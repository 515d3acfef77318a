import { describe, expect, it } from 'vitest';
import { choice, duration, integer, parse, parseFlags, UsageError } from './args.js';
import { CLUSTER_UP_FLAGS, clusterUp } from './cluster-commands.js';
import { UP_FLAGS } from './target-commands.js';
import { WATCH_FLAGS } from './watch.js';

describe('command-line flags', () => {
  it('parses values into what the command needs, with defaults', () => {
    // Unset layout flags stay unset: the application's own layout fills them.
    expect(parseFlags(['--replicas', '3', '--redis', 'sentinel'], UP_FLAGS)).toEqual({ app: 'reference', replicas: 3, redis: 'sentinel' });
    expect(parseFlags(['--app', 'entando-engine'], UP_FLAGS)).toEqual({ app: 'entando-engine', replicas: 2 });
    expect(() => parseFlags(['--app', 'entando'], UP_FLAGS)).toThrow('--app must be reference or entando-engine, got "entando"');
    expect(parseFlags(['--profile', 'entando', '--port', '8481'], CLUSTER_UP_FLAGS)).toMatchObject({ profile: 'entando', port: 8481, replicas: 2, 'ingress-class': 'traefik' });
    expect(parseFlags(['--url', 'http://127.0.0.1:8080/app/', '--cadence', '20ms', '--duration', '1.5m'], WATCH_FLAGS)).toMatchObject({
      cadence: 20,
      duration: 90_000,
      timeout: 2_000,
      'affinity-cookie': 'ROUTE',
    });
    expect(parseFlags(['--url', 'http://x/'], WATCH_FLAGS).duration).toBe(Infinity);
  });

  it.each([
    [['--replicas', '0'], UP_FLAGS, '--replicas must be an integer from 1 to 10, got "0"'],
    [['--replicas', '2.0'], UP_FLAGS, '--replicas must be an integer from 1 to 10, got "2.0"'],
    [['--redis', 'sentinal'], UP_FLAGS, '--redis must be none, single or sentinel, got "sentinal" (did you mean sentinel?)'],
    [['--lb', 'HA'], UP_FLAGS, '--lb must be ha or naive, got "HA" (did you mean ha?)'],
    [['--profile', 'entano'], CLUSTER_UP_FLAGS, '--profile must be reference, entando or entando-engine, got "entano" (did you mean entando?)'],
    [['--port', '80'], CLUSTER_UP_FLAGS, '--port must be an integer from 1024 to 65535, got "80"'],
    [[], WATCH_FLAGS, '--url is required: an absolute http(s) URL, e.g. --url http://127.0.0.1:8080/entando-de-app/'],
    [['--url', 'ftp://x/'], WATCH_FLAGS, '--url must be an http or https URL, got "ftp://x/"'],
    [['--url', 'http://x/', '--slow', 'fast'], WATCH_FLAGS, '--slow must be a duration such as 60s, 2m or 500ms, got "fast"'],
  ] as const)('refuses %j naming the flag and its value', (argv, flags, message) => {
    expect(() => parseFlags([...argv], flags)).toThrow(UsageError);
    expect(() => parseFlags([...argv], flags)).toThrow(message);
  });

  it('refuses a Redis layout for the profile without Redis before touching any cluster', async () => {
    await expect(clusterUp(['--profile', 'entando-engine', '--redis', 'sentinel'])).rejects.toThrow(UsageError);
    await expect(clusterUp(['--profile', 'entando-engine', '--redis', 'sentinel'])).rejects.toThrow('--redis: the entando-engine profile runs no Redis');
  });

  it('names every bad flag at once', () => {
    expect(() => parseFlags(['--replicas', '11', '--dbms', 'mysql'], UP_FLAGS)).toThrow(
      '--dbms must be postgresql or embedded, got "mysql"; --replicas must be an integer from 1 to 10, got "11"',
    );
  });

  it('refuses an unknown flag with the flag it most likely meant', () => {
    expect(() => parseFlags(['--replica', '3'], UP_FLAGS)).toThrow('unknown option --replica (did you mean --replicas?)');
    expect(() => parse(['--scenaro', 'x'], { scenario: { type: 'string' } })).toThrow('unknown option --scenaro (did you mean --scenario?)');
    expect(() => parse(['--zzz'], { scenario: { type: 'string' } })).toThrow('unknown option --zzz; known: --scenario');
  });

  it('builds flag schemas for choices, integers and durations', () => {
    expect(choice(['a', 'b']).parse('b')).toBe('b');
    expect(integer(1, 5).parse('5')).toBe(5);
    expect(['60s', '2m', '500ms', '1.5', ' 1h '].map((d) => duration().parse(d))).toEqual([60_000, 120_000, 500, 1_500, 3_600_000]);
  });
});
