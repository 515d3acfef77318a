// A verdict is data: valid, the figures it rests on, and a sentence on what a user saw.
// Verdicts merge with false above unknown above true; a checker that throws gives unknown.
import type { History } from '../history/history.js';

export type Validity = true | false | 'unknown';

export interface Verdict {
  checker: string;
  valid: Validity;
  figures: Record<string, unknown>;
  explanation: string;
}

export interface Checker {
  readonly name: string;
  check(history: History): Verdict | Promise<Verdict>;
}

export interface CombinedVerdict {
  valid: Validity;
  verdicts: Verdict[];
  explanation: string;
}

export function mergeValidity(values: Validity[]): Validity {
  if (values.includes(false)) return false;
  if (values.includes('unknown')) return 'unknown';
  return true;
}

export async function runCheckers(history: History, checkers: Checker[]): Promise<CombinedVerdict> {
  const verdicts: Verdict[] = [];
  for (const checker of checkers) {
    try {
      verdicts.push(await checker.check(history));
    } catch (error) {
      verdicts.push({
        checker: checker.name,
        valid: 'unknown',
        figures: {},
        explanation: `${checker.name} could not decide: ${(error as Error).message}`,
      });
    }
  }
  const valid = mergeValidity(verdicts.map((v) => v.valid));
  const relevant = verdicts.filter((v) => v.valid === valid);
  return { valid, verdicts, explanation: relevant.map((v) => v.explanation).join(' ') };
}
