import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BROWSER_SCENARIOS } from './catalog.js';
import { alternate } from './scenario-sequencer.js';

describe('the scenario files\' order', () => {
  it('alternates two lists, each in its order, the longer one\'s rest at the end', () => {
    expect(alternate(['b1', 'b2', 'b3', 'b4'], ['n1', 'n2'])).toEqual(['b1', 'n1', 'b2', 'n2', 'b3', 'b4']);
    expect(alternate([], ['n1'])).toEqual(['n1']);
  });

  it('knows the browser scenarios by files that exist', () => {
    for (const scenario of BROWSER_SCENARIOS) expect(existsSync(`scenarios/${scenario}.test.ts`), scenario).toBe(true);
  });
});
