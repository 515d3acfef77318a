// The self-test of scenarios/steps/mixed-versions.ts on the reference app, with its negative control.
import { describe, expect } from 'vitest';
import { scenarioTest } from '../helpers/suite/scenario-test.js';
import { suiteTarget } from '../helpers/suite/suite-target.js';
import { mixedVersions } from './steps/mixed-versions.js';

describe('mixed versions', () => {
  scenarioTest('mixed-versions', 'pages work in a browser while two versions serve, each page and its script from one instance', async (c) => {
    expect(await mixedVersions(await suiteTarget(c.topology), c)).toHold();
  });

  scenarioTest('mixed-versions.no-affinity', 'negative control, no affinity: the HTML probes see whole pages, the browser a script answered 404 by the other instance', async (c) => {
    const result = await mixedVersions(await suiteTarget(c.topology), c);
    expect(result).toHold();
    const [http, browser] = ['availability', 'browser-availability'].map((name) => result.verdict.verdicts.find((v) => v.checker === name));
    expect(http?.valid).toBe(true);
    expect(browser?.valid).toBe(false);
    expect(browser?.explanation).toMatch(/^The page failed to load in a browser for .* on browser: .*404.* \(first: script http:\/\/\S+\/assets\/app\.[0-9a-f]{10}\.js answered HTTP 404 from \S+\)/);
  });
});
