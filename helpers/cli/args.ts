// Command-line options, parsed by node:util and checked up front by zod schemas: a bad one is
// named with its value and what was expected, before anything starts; a misspelt flag or
// choice gets a did-you-mean.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { didYouMean } from '../validation/did-you-mean.js';
import { numberIn, oneOf } from '../validation/leaves.js';
import { mustBe, parseWith } from '../validation/problems.js';

export class UsageError extends Error {
  override name = 'UsageError';
}

/** node:util's message for an unknown flag, with the flag it most likely meant. */
function unknownOption(error: unknown, known: string[]): string | undefined {
  if ((error as { code?: string }).code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return undefined;
  const flag = /'(-{1,2}[^']+)'/.exec((error as Error).message)?.[1];
  if (!flag) return undefined;
  const meant = didYouMean(flag.replace(/^-+/, ''), known);
  return `unknown option ${flag}${meant ? ` (did you mean --${meant}?)` : known.length > 0 ? `; known: ${known.map((k) => `--${k}`).join(', ')}` : ''}`;
}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: false, strict: true }).values;
  } catch (error) {
    throw new UsageError(unknownOption(error, Object.keys(options)) ?? (error as Error).message);
  }
}

type FlagSchema = z.ZodType<unknown, string | undefined>;

/** Flags that take a value, each checked by its schema (below); every bad one is named at once. */
export function parseFlags<S extends Record<string, FlagSchema>>(argv: string[], flags: S): z.output<z.ZodObject<S>> {
  const values = parse(argv, Object.fromEntries(Object.keys(flags).map((name) => [name, { type: 'string' as const }])));
  const schema = z.object(flags);
  return parseWith(schema, values, (problems) => new UsageError(problems.map((p) => mustBe(p, { name: (path) => `--${String(path[0])}` })).join('; ')));
}

/** One of `values`. */
export const choice = <const T extends readonly [string, ...string[]]>(values: T) => oneOf(values);

/** A whole number from `min` to `max`, given in decimal digits ("2", not "2.0" or "0x2"). */
export function integer(min: number, max: number) {
  return z
    .string({ error: `an integer from ${min} to ${max}` })
    .regex(/^-?\d+$/)
    .transform(Number)
    .pipe(numberIn({ min, max, integer: true }));
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** "60s", "1.5m", "500ms" or a plain number of seconds, in milliseconds. */
export function duration() {
  return z
    .string({ error: 'a duration such as 60s, 2m or 500ms' })
    .trim()
    .regex(DURATION)
    .transform((raw) => {
      const [, amount, unit] = DURATION.exec(raw)!;
      return Number(amount) * UNIT_MS[(unit ?? 's') as keyof typeof UNIT_MS];
    });
}
