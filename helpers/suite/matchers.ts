// expect(result).toHold(): the verdict is what the scenario expected (valid, or invalid for a
// negative control); on failure the message is the verdict's explanation and the report path.
import { expect } from 'vitest';
import { REPORTS_DIR } from '../paths.js';
import type { ScenarioResult } from '../report/scenario-result.js';

expect.extend({
  toHold(result: ScenarioResult) {
    const verdict = result.verdict.valid === true ? 'valid' : result.verdict.valid === false ? 'invalid' : 'unknown';
    return {
      pass: result.holds,
      message: () =>
        `${result.title}: expected ${result.expect}, got ${verdict}.\n${result.verdict.verdicts
          .map((v) => `  ${v.checker}: ${v.explanation}`)
          .join('\n')}\nJournal: ${REPORTS_DIR}/${result.journal}; plot: ${REPORTS_DIR}/${result.plot}`,
    };
  },
});

interface ScenarioMatchers<R = unknown> {
  toHold(): R;
}

declare module 'vitest' {
  interface Assertion<T = any> extends ScenarioMatchers<T> {} // vitest's own declaration shape
  interface AsymmetricMatchersContaining extends ScenarioMatchers {} // vitest's own declaration shape
}
