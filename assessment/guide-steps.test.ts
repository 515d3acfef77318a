// The assessment of an application the suite does not own (`npm start -- --app entando-engine`,
// and in `npm test` the Entando 6.2 App Engine on the embedded target): the guide's steps one
// after another on one deployment. What a step finds is reported, never asserted: this test
// fails only when a step reached no verdict, or reached one without the figures behind it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyFigures } from '../helpers/report/scenario-result.js';
import { ASSESSMENT_CASES } from '../helpers/suite/assessment.js';
import type { StartedTarget } from '../helpers/targets/target.js';
import { assessedTarget } from './assessed-target.js';
import { assessStep } from './assess-step.js';

describe('assessment: the guide\'s steps on an application as it is deployed', () => {
  let target: StartedTarget;

  beforeAll(async () => {
    target = await assessedTarget();
  });

  afterAll(async () => {
    await target?.stop();
  });

  for (const c of ASSESSMENT_CASES) {
    it(`${c.id}: reaches a verdict with its figures, or says why it cannot run`, { meta: { caseId: c.id } }, async () => {
      const result = await assessStep(target, c);
      expect(result.mode).toBe('assessment');
      if (result.notApplicable !== undefined) {
        expect(result.verdict.explanation).toMatch(/^Not applicable, because \S/);
        expect(result.holds).toBe(false);
        return;
      }
      expect(result.verdict.valid, result.verdict.explanation).toBeTypeOf('boolean');
      expect(result.holds).toBe(result.verdict.valid);
      // Every step measures what a user saw: the availability checker's failed requests and outage.
      expect(keyFigures(result.verdict.verdicts)).toMatchObject({ failedRequests: expect.any(Number), longestOutageMs: expect.any(Number) });
    });
  }
});
