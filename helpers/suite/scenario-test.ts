// A scenario test, named after its case: "<case id>: <what it shows>". The reporter reads the
// id back, so a case that ran but never reached a verdict is still in the report.
import { it } from 'vitest';
import { scenarioCase, type ScenarioCase } from './catalog.js';

export function scenarioTest(id: string, shows: string, body: (c: ScenarioCase) => Promise<void>) {
  const c = scenarioCase(id);
  it(`${c.id}: ${shows}`, () => body(c));
}
