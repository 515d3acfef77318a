import { expect, it } from 'vitest';
import { classifyResponse } from './classify.js';

it("takes an api answer as healthy when it is JSON without a bad status, or empty (Entando 6.2's health endpoint)", () => {
  expect(classifyResponse('api', 200, '')).toEqual({ outcome: 'ok' });
  expect(classifyResponse('api', 200, '{"status":"UP"}')).toEqual({ outcome: 'ok' });
  expect(classifyResponse('api', 200, '{"status":"DOWN"}')).toMatchObject({ outcome: 'fail', error: 'wrong-content' });
  expect(classifyResponse('api', 200, 'not json')).toMatchObject({ outcome: 'fail', error: 'wrong-content', detail: 'not JSON' });
  expect(classifyResponse('api', 503, '')).toMatchObject({ outcome: 'fail', error: '5xx' });
});
