// The self-test of scenarios/steps/cache-validation.ts on the reference app, with its negative controls.
import { describe, expect } from 'vitest';
import { scenarioTest } from '../helpers/suite/scenario-test.js';
import { suiteTarget } from '../helpers/suite/suite-target.js';
import { cacheValidation } from './steps/cache-validation.js';

describe('cache validation', () => {
  scenarioTest('cache-validation', 'reads back identical data after the serving instance is terminated, and every instance sees an update within 1 s', async (c) => {
    expect(await cacheValidation(await suiteTarget(c.topology), c)).toHold();
  });

  scenarioTest('cache-validation.per-instance-cache', 'negative control, per-instance cache (no Redis): the guide passes, the update check fails', async (c) => {
    const result = await cacheValidation(await suiteTarget(c.topology), c);
    expect(result).toHold();
    expect(result.verdict.verdicts.find((v) => v.checker === 'data-integrity')?.valid).toBe(true);
    expect(result.verdict.explanation).toMatch(/^Stale cache: instance .* still served "Before" at its last read/);
  });

  scenarioTest('cache-validation.embedded-db', 'negative control, in-memory database: what the terminated instance created is lost', async (c) => {
    const result = await cacheValidation(await suiteTarget(c.topology), c);
    expect(result).toHold();
    expect(result.verdict.verdicts.find((v) => v.checker === 'data-integrity')?.explanation).toMatch(/^Data lost: \d of \d acknowledged items? were lost/);
  });
});
