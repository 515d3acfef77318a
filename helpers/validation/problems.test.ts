import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { alternatives, didYouMean } from './did-you-mean.js';
import { httpUrl, numberIn, oneOf } from './leaves.js';
import { dotted, expectedAt, mustBe, parseWith, type Problem } from './problems.js';

const schema = z.strictObject({
  replicas: numberIn({ min: 1, max: 10, integer: true }),
  redis: oneOf(['none', 'single', 'sentinel']).optional(),
  nested: z.strictObject({ maxP99Ms: numberIn({ min: 0 }).optional(), url: httpUrl().optional() }).optional(),
  secret: z.string().optional(),
});

const problems = (input: unknown): Problem[] => {
  try {
    parseWith(schema, input, (found) => Object.assign(new Error('x'), { found }));
  } catch (error) {
    return (error as { found: Problem[] }).found;
  }
  return [];
};
const wording = { name: dotted, hidden: (path: readonly PropertyKey[]) => path[0] === 'secret' };

describe('did you mean', () => {
  it.each([
    ['knd', ['local-docker', 'kind'], 'kind'],
    ['maxP99ms', ['maxP99Ms', 'maxFailed'], 'maxP99Ms'],
    ['pod-delete', ['pod-deletion', 'process-kill'], 'pod-deletion'],
    ['x', ['kind', 'local-docker'], undefined],
    ['banana', ['kind'], undefined],
  ])('%s among %j: %s', (word, candidates, expected) => {
    expect(didYouMean(word, candidates)).toBe(expected);
  });

  it('lists alternatives as a sentence does', () => {
    expect(alternatives(['a'])).toBe('a');
    expect(alternatives(['a', 'b'])).toBe('a or b');
    expect(alternatives(['a', 'b', 'c'])).toBe('a, b or c');
  });
});

describe('zod issues as the suite words them', () => {
  it('gives the parsed value when nothing is wrong', () => {
    expect(parseWith(schema, { replicas: 2 }, () => new Error('no'))).toEqual({ replicas: 2 });
  });

  it('names every problem with its path, what was expected and what was got, in path order', () => {
    const found = problems({ replicas: 2.5, redis: 'sentinal', nested: { maxP99ms: 1, url: 'ftp://x' }, extra: true });
    expect(found.map((p) => expectedAt(p, wording))).toEqual([
      'extra: unknown field; known: replicas, redis, nested, secret',
      'nested.maxP99ms: unknown field (did you mean maxP99Ms?)',
      'nested.url: expected an http or https URL, got "ftp://x"',
      'redis: expected none, single or sentinel, got "sentinal" (did you mean sentinel?)',
      'replicas: expected an integer from 1 to 10, got 2.5',
    ]);
  });

  it('says "must be" for options, "is required" for a missing one, and never shows a hidden value', () => {
    const [replicas] = problems({ replicas: 0 });
    expect(mustBe(replicas!, { name: (p) => `option ${dotted(p)}` })).toBe('option replicas must be an integer from 1 to 10, got 0');
    const [missing] = problems({});
    expect(mustBe(missing!, wording)).toBe('replicas is required: an integer from 1 to 10');
    const [secret] = problems({ replicas: 1, secret: 42 });
    expect(mustBe(secret!, wording)).toBe('secret must be a string, got a value not shown');
    expect(mustBe(secret!, wording)).not.toContain('42');
  });

  it('reports a value with several issues once (a fraction below the minimum)', () => {
    expect(problems({ replicas: -1.5 })).toHaveLength(1);
  });
});
