// vitest's order (longest first, from its cache of earlier runs, else the largest file first),
// with one change for the scenario files: those that look through a browser alternate with
// those that do not. Two files run at once, and only one browser at a time (browser-turn.ts):
// by size alone, the two largest files, both with a browser, started together and took turns.
import { basename } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { BROWSER_SCENARIOS } from './catalog.js';

const looks = (spec: TestSpecification) => (BROWSER_SCENARIOS as ReadonlySet<string>).has(basename(spec.moduleId, '.test.ts'));

/** [a0, b0, a1, b1, ...]: each list keeps its order, the rest of the longer one at the end. */
export function alternate<T>(a: T[], b: T[]): T[] {
  return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => [a[i], b[i]]).flat().filter((x): x is T => x !== undefined);
}

export default class ScenarioSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isScenario = (spec: TestSpecification) => spec.project.name === 'scenarios';
    const scenarios = sorted.filter(isScenario);
    const browser = scenarios.filter(looks);
    const others = scenarios.filter((s) => !looks(s));
    // The longest first either way: the list whose first file vitest put first leads.
    const interleaved = browser[0] === scenarios[0] ? alternate(browser, others) : alternate(others, browser);
    let next = 0;
    return sorted.map((spec) => (isScenario(spec) ? interleaved[next++]! : spec));
  }
}
