import { describe, expect, it } from 'vitest';
import { DEFAULT_TOPOLOGY, validateTopology, type TopologyOptions } from './topology.js';

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
  ])('refuses %j naming the field and value', (change, message) => {
    expect(() => topology(change)).toThrow(message);
  });
});
