import { describe, expect, it } from 'vitest';
import { DEFAULT_TOPOLOGY, ENGINE_LAYOUT, TopologyOptionError, validateTopology, type TopologyOptions } from './topology.js';

const topology = (change: Partial<TopologyOptions>) => validateTopology({ ...DEFAULT_TOPOLOGY, ...change });

describe('topology options', () => {
  it('accepts the defaults', () => {
    expect(topology({})).toMatchObject({ replicas: 2, redis: 'single' });
  });

  it.each([
    [{ replicas: 0 }, 'replicas must be an integer from 1 to 10, got 0'],
    [{ replicas: 2.5 }, 'replicas must be an integer from 1 to 10, got 2.5'],
    [{ redis: 'cluster' as never }, 'redis must be none, single or sentinel, got "cluster"'],
    [{ redis: 'none' as const, sessions: 'redis' as const }, 'sessions must be memory when redis is none, got "redis"'],
    [{ redis: 'sentinel' as const, nodes: ['a', 'b'] }, 'nodes must be at least 3 nodes for redis sentinel'],
    [{ nodes: ['Node 1'] }, 'nodes must be a non-empty list'],
    [{ evictionMs: -1 }, 'evictionMs must be an integer >= 0, got -1'],
    [{ nodes: ['a', 'a'] }, 'nodes must be a non-empty list of distinct names of lowercase letters, digits and dashes, got ["a","a"]'],
    [{ gracePeriodMs: 1.5 }, 'gracePeriodMs must be an integer >= 0, got 1.5'],
    [{ dbReconnect: 'no' as never }, 'dbReconnect must be true or false, got "no"'],
    [{ placement: 'singlenode' as never }, 'placement must be spread or single-node, got "singlenode" (did you mean single-node?)'],
    [{ loadBalancer: undefined as never }, 'topology option loadBalancer is required: ha or naive'],
  ])('refuses %j naming the field and value', (change, message) => {
    expect(() => topology(change)).toThrow(TopologyOptionError);
    expect(() => topology(change)).toThrow(message);
  });

  it('names the option, what it must be and what it got, in today\'s words', () => {
    expect(() => topology({ replicas: 0 })).toThrow(/^topology option replicas must be an integer from 1 to 10, got 0$/);
  });

  it('refuses an unknown option with a did-you-mean, and every bad option at once', () => {
    expect(() => validateTopology({ ...DEFAULT_TOPOLOGY, replica: 3 } as TopologyOptions)).toThrow('topology option replica is unknown (did you mean replicas?)');
    expect(() => topology({ replicas: 11, shutdown: 'now' as never })).toThrow(
      'topology option replicas must be an integer from 1 to 10, got 11; topology option shutdown must be graceful or immediate, got "now"',
    );
  });

  it("takes the engine as it is, and refuses the reference app's switches for it by name", () => {
    const engine = { ...ENGINE_LAYOUT, app: 'entando-engine' as const };
    expect(topology(engine)).toMatchObject({ app: 'entando-engine', redis: 'none', sessions: 'memory' });
    expect(() => topology({ ...engine, redis: 'single', sessions: 'redis' })).toThrow(
      'topology option redis must be "none" for app entando-engine (the other values are switches of the reference app), got "single"; ' +
        'topology option sessions must be "memory" for app entando-engine (the other values are switches of the reference app), got "redis"',
    );
    expect(() => topology({ ...engine, dbReconnect: false })).toThrow('dbReconnect must be true for app entando-engine');
    expect(() => topology({ app: 'entando' as never })).toThrow('app must be reference or entando-engine, got "entando"');
  });

  it('passes the images through as they are', () => {
    const images = { postgres: 'p', redis: 'r', haproxy: 'h', node: 'n' };
    expect(topology({ images }).images).toBe(images);
  });
});
