// Every input the suite reads (SLO files, topology options, channel specs, environment
// variables, command-line flags) is checked by a zod schema; this turns zod's issues into the
// suite's messages, so that every input speaks the same way: what is wrong, where (the path),
// what was expected, what was got, and what a misspelt name probably meant.
import { z } from 'zod';
import { alternatives, didYouMean } from './did-you-mean.js';

export type Path = readonly PropertyKey[];

export interface Problem {
  path: Path;
  /** What was expected there, in words ("an integer from 1 to 10"); absent for a key that has no place there. */
  expected?: string;
  /** The value found at the path (undefined: nothing there). */
  value: unknown;
  /** For an unknown key: the keys allowed beside it. */
  known?: string[];
  /** The allowed name or value a misspelt one most likely meant. */
  suggestion?: string;
}

const TYPE_WORDS: Record<string, string> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
};

/**
 * The fallback wording of an issue whose schema set none: what was expected, as the messages
 * put it ("a number >= 0"), never zod's own sentence. Schemas set their phrase with `error`.
 */
export const expectedPhrase: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return TYPE_WORDS[issue.expected] ?? `a ${issue.expected}`;
    case 'invalid_value':
      return alternatives(issue.values);
    case 'too_small':
      return issue.origin === 'array' ? `a list of at least ${issue.minimum}` : `a ${issue.origin} >= ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array' ? `a list of at most ${issue.maximum}` : `a ${issue.origin} <= ${issue.maximum}`;
    default:
      return undefined;
  }
};

/** The schema that checks the value at `path`, through optional, default and pipe wrappers. */
function schemaAt(root: z.ZodType, path: Path): z.ZodType | undefined {
  let schema: z.ZodType | undefined = root;
  let depth = 0;
  while (schema) {
    if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || schema instanceof z.ZodNullable) {
      schema = schema.unwrap() as z.ZodType;
      continue;
    }
    if (schema instanceof z.ZodPipe) {
      schema = schema.in as z.ZodType;
      continue;
    }
    if (depth === path.length) return schema;
    const key = path[depth++]!;
    if (schema instanceof z.ZodObject) schema = (schema.shape as Record<PropertyKey, z.ZodType>)[key];
    else if (schema instanceof z.ZodArray) schema = schema.element as z.ZodType;
    else if (schema instanceof z.ZodRecord) schema = schema.valueType as z.ZodType;
    else return undefined;
  }
  return undefined;
}

const keyOf = (path: Path) => path.map(String).join('\u0000');

function valueAt(input: unknown, path: Path): unknown {
  let value = input;
  for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

/** One problem per bad value or unknown key, in path order; a value with several issues (say -1.5 for an integer >= 0) is one problem. */
export function problemsOf(schema: z.ZodType, input: unknown, error: z.ZodError): Problem[] {
  const problems = new Map<string, Problem>();
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = Object.keys((schemaAt(schema, issue.path) as z.ZodObject | undefined)?.shape ?? {});
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        problems.set(keyOf(path), { path, value: valueAt(input, path), known, suggestion: didYouMean(key, known) });
      }
      continue;
    }
    const value = valueAt(input, issue.path);
    const allowed = issue.code === 'invalid_value' ? issue.values.filter((v): v is string => typeof v === 'string') : [];
    const key = keyOf(issue.path);
    if (!problems.has(key)) {
      problems.set(key, { path: issue.path, expected: issue.message, value, suggestion: typeof value === 'string' ? didYouMean(value, allowed) : undefined });
    }
  }
  return [...problems.values()].sort((a, b) => keyOf(a.path).localeCompare(keyOf(b.path)));
}

/** The schema's output, or the error `fail` makes of every problem found. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, fail: (problems: Problem[]) => Error): z.output<S> {
  const result = schema.safeParse(input, { error: expectedPhrase });
  if (result.success) return result.data;
  throw fail(problemsOf(schema, input, result.error));
}

export interface Wording {
  /** How the thing at a path is named in a sentence ("topology option replicas", "--port"). */
  name(path: Path): string;
  /** Values never printed (a password): the message says what was expected, not what was got. */
  hidden?(path: Path): boolean;
  /** What an unknown key is called there ("field", "scenario"). */
  keyNoun?(path: Path): string;
}

const MAX_SHOWN = 80;

function shown(problem: Problem, wording: Wording): string {
  if (wording.hidden?.(problem.path)) return 'a value not shown';
  if (problem.value === undefined) return 'nothing';
  const json = JSON.stringify(problem.value) ?? String(problem.value);
  return json.length > MAX_SHOWN ? `${json.slice(0, MAX_SHOWN - 1)}…` : json;
}

function hint(problem: Problem): string {
  if (problem.suggestion !== undefined) return ` (did you mean ${problem.suggestion}?)`;
  return problem.known ? `; known: ${problem.known.join(', ')}` : '';
}

/** "topology option replicas must be an integer from 1 to 10, got 0". */
export function mustBe(problem: Problem, wording: Wording): string {
  const name = wording.name(problem.path);
  if (problem.expected === undefined) return `${name} is unknown${hint(problem)}`;
  if (problem.value === undefined) return `${name} is required: ${problem.expected}`;
  return `${name} must be ${problem.expected}, got ${shown(problem, wording)}${hint(problem)}`;
}

/** "process-kill.availability.maxFailed: expected a number >= 0, got "3""; an empty name (the root) gives no prefix. */
export function expectedAt(problem: Problem, wording: Wording): string {
  const name = wording.name(problem.path);
  const at = name ? `${name}: ` : '';
  if (problem.expected === undefined) return `${at}unknown ${wording.keyNoun?.(problem.path) ?? 'field'}${hint(problem)}`;
  return `${at}expected ${problem.expected}, got ${shown(problem, wording)}${hint(problem)}`;
}

/** The dotted path a message names ("process-kill.availability.maxP99Ms"). */
export const dotted = (path: Path): string => path.map(String).join('.');
