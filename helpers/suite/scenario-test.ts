// A scenario test, named after its case: "<case id>: <what it shows>". The case's id travels in
// the test's meta, set when the test is collected (so also when a hook fails before it runs),
// and the reporter lists a case that ran but never reached a verdict.
import { it } from 'vitest';
import { log } from '../log/log.js';
import { scenarioCase, type ScenarioCase } from './catalog.js';
import { takeCpu } from './cpu-share.js';

declare module 'vitest' {
  interface TaskMeta {
    /** The catalog case a scenario test runs (helpers/suite/catalog.ts). */
    caseId?: string;
  }
}

export function scenarioTest(id: string, shows: string, body: (c: ScenarioCase) => Promise<void>) {
  const c = scenarioCase(id);
  it(`${c.id}: ${shows}`, { meta: { caseId: c.id } }, async () => {
    log.scope(c.id);
    // A case with a load of its own runs alone (cpu-share.ts).
    const release = await takeCpu(c.load ? 'alone' : 'shared', c.id);
    try {
      await body(c);
    } finally {
      await release();
    }
  });
}
