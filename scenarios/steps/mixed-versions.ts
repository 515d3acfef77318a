// Beyond the guide: a rolling upgrade half done, two versions serving at once, each instance
// naming and serving only its own content-hashed script. Every HTML answer is whole; whether
// the page works depends on its script coming from the instance that sent the page, which only
// a browser loading the page's assets can tell. No fault: the layout is the experiment.
import { availability } from '../../helpers/checkers/availability.js';
import { sloFor } from '../../helpers/checkers/slo.js';
import type { ScenarioCase } from '../../helpers/suite/catalog.js';
import { browserOnlyNotApplicable, startScenario } from '../../helpers/suite/scenario.js';
import type { StartedTarget } from '../../helpers/targets/target.js';

const slo = sloFor('mixed-versions');

/** Ten visits: without affinity each fetches its script from the other instance half the time, so all ten whole would be a 1-in-1,024 chance. */
const OBSERVE_MS = 10_000;

export async function mixedVersions(target: StartedTarget, c: ScenarioCase) {
  if (c.plan.fault !== 'none') throw new Error(`${c.id}: mixed versions takes no fault`);
  const notApplicable = await browserOnlyNotApplicable(target, c);
  if (notApplicable) return notApplicable;
  const run = await startScenario(target, c);
  await run.steadyState({ forMs: OBSERVE_MS });
  return run.finish([availability(slo.availability), ...run.browserChecks(slo.browser)]);
}
