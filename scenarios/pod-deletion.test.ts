// The self-test of scenarios/steps/pod-deletion.ts on the reference app, with its negative controls.
import { describe, expect } from 'vitest';
import { availabilityLimit } from '../helpers/checkers/availability.js';
import { sloFor } from '../helpers/checkers/slo.js';
import { scenarioTest } from '../helpers/suite/scenario-test.js';
import { suiteTarget } from '../helpers/suite/suite-target.js';
import { podDeletion } from './steps/pod-deletion.js';

const slo = sloFor('pod-deletion');

// The two cases under load last, back to back: each needs the cores alone (cpu-share.ts), and
// the second then finds them already its own. Pod deletion just before the first of them, which
// has its layout: its deployment serves that case too (target-pool.ts).
describe('pod deletion', () => {
  scenarioTest('pod-deletion.one-replica', 'negative control, one replica: renders fail while the only instance is replaced', async (c) => {
    const result = await podDeletion(await suiteTarget(c.topology), c);
    expect(result).toHold();
    expect(result.verdict.explanation).toMatch(new RegExp(`^The page failed to render for .* on incognito: .*during delete-instance of instance .*; SLO: ${availabilityLimit(slo.availability, 'maxFailed')}`));
  });

  scenarioTest('pod-deletion.sessions-in-memory', 'negative control, sessions in memory: the user is logged out when their instance goes', async (c) => {
    const result = await podDeletion(await suiteTarget(c.topology), c);
    expect(result).toHold();
    expect(result.verdict.verdicts.find((v) => v.checker === 'session-continuity')?.explanation).toMatch(/^Session broken: the user was logged out/);
  });

  scenarioTest('pod-deletion', 'keeps rendering and keeps the login session while an instance is deleted and replaced', async (c) => {
    expect(await podDeletion(await suiteTarget(c.topology), c)).toHold();
  });

  scenarioTest('pod-deletion.under-load', 'keeps every request of a constant load served while an instance is deleted and replaced', async (c) => {
    expect(await podDeletion(await suiteTarget(c.topology), c)).toHold();
  });

  scenarioTest('pod-deletion.immediate-shutdown', 'negative control, immediate shutdown under load: requests in flight when the instance exits are lost', async (c) => {
    const result = await podDeletion(await suiteTarget(c.topology), c);
    expect(result).toHold();
    expect(result.verdict.verdicts.find((v) => v.checker === 'load-availability')?.explanation).toMatch(
      new RegExp(
        `^The load's requests went unserved for .* on load: .*; SLO: ${availabilityLimit(slo.load, 'maxFailed')}.* Unserved by target: .*sign-in \\d+ of \\d+.*` +
          ' Lost in flight: \\d+ requests? under way when delete-instance of instance .* struck \\(.*sign-in \\d+',
      ),
    );
  });
});
