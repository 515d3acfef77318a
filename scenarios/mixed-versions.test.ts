// The self-test of scenarios/steps/mixed-versions.ts on the reference app, with its negative control.
// Under a run's load (CHAOS_LOAD_RATE) no browser runs, and both are not applicable, saying so.
import { describe, expect } from 'vitest';
import { envVar } from '../helpers/suite/environment.js';
import { scenarioTest } from '../helpers/suite/scenario-test.js';
import { suiteTarget } from '../helpers/suite/suite-target.js';
import type { ScenarioCase } from '../helpers/suite/catalog.js';
import { mixedVersions } from './steps/mixed-versions.js';

/** The result to judge; undefined when the run's load made the case not applicable, as it must. */
async function judged(c: ScenarioCase) {
  const result = await mixedVersions(await suiteTarget(c.topology), c);
  if (envVar('CHAOS_LOAD_RATE') === undefined) return result;
  expect(result.notApplicable).toMatch(/^its verdict is a browser's, and under load \(\d+ requests\/s\) no browser runs/);
  return undefined;
}

describe('mixed versions', () => {
  scenarioTest('mixed-versions', 'pages work in a browser while two versions serve, each page and its script from one instance', async (c) => {
    const result = await judged(c);
    if (result) expect(result).toHold();
  });

  scenarioTest('mixed-versions.no-affinity', 'negative control, no affinity: the HTML probes see whole pages, the browser a script answered 404 by the other instance', async (c) => {
    const result = await judged(c);
    if (!result) return;
    expect(result).toHold();
    const [http, browser] = ['availability', 'browser-availability'].map((name) => result.verdict.verdicts.find((v) => v.checker === name));
    expect(http?.valid).toBe(true);
    expect(browser?.valid).toBe(false);
    expect(browser?.explanation).toMatch(/^The page failed to load in a browser for .* on browser: .*404.* \(first: script http:\/\/\S+\/assets\/app\.[0-9a-f]{10}\.js answered HTTP 404 from \S+\)/);
  });
});
