// Leaf schemas several inputs share, each carrying the phrase its errors quote as expected.
import { z } from 'zod';
import { alternatives } from './did-you-mean.js';

/** One of `values`; a misspelt one gets a did-you-mean. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: alternatives(values) });
}

/** A number within bounds; `integer` refuses fractions. The phrase says the bounds. */
export function numberIn({ min, max, integer = false, unit }: { min: number; max?: number; integer?: boolean; unit?: string }) {
  const kind = integer ? 'an integer' : `a number${unit ? ` of ${unit}` : ''}`;
  const phrase = max === undefined ? `${kind} >= ${min}` : `${kind} from ${min} to ${max}`;
  const schema = z.number({ error: phrase }).min(min);
  const bounded = max === undefined ? schema : schema.max(max);
  return integer ? bounded.int() : bounded;
}

/** Milliseconds, a count or a budget: a number >= 0. */
export const nonNegative = () => numberIn({ min: 0 });

/** A name of lowercase letters, digits and dashes (a channel, a node); `what` says what it names. */
export const KEBAB_NAME = /^[a-z0-9-]+$/;
export function kebabName(what?: string) {
  const phrase = what ? `${what} of lowercase letters, digits and dashes` : 'lowercase letters, digits and dashes';
  return z.string({ error: phrase }).regex(KEBAB_NAME);
}

/** An absolute http(s) URL; "not a url" and "ftp://x" are told apart. */
export function httpUrl(phrase = 'an absolute http(s) URL') {
  return z
    .string({ error: phrase })
    .refine((s) => URL.canParse(s), { error: phrase, abort: true })
    .refine((s) => ['http:', 'https:'].includes(new URL(s).protocol), { error: 'an http or https URL' });
}
