// The timeline's Vega-Lite spec compiles without a warning, with and without a load's strip:
// a warning there (the strip's "not sent" against the points' outcomes) was printed in every
// scenario under load and meant a colour picked by Vega, not by the suite.
import { expect, it } from 'vitest';
import { compile } from 'vega-lite';
import { emptyHistory, probe } from '../checkers/test-histories.js';
import { timelineSpec } from './timeline-plot.js';

function warningsOf(withLoad: boolean): string[] {
  const history = emptyHistory();
  history.phase('steady');
  probe(history, 'incognito', { fromMs: 0, toMs: 2_000, cadenceMs: 50 }, (s) => (s >= 500 && s < 700 ? { outcome: 'fail', error: 'refused' } : {}));
  if (withLoad) {
    probe(history, 'load', { fromMs: 0, toMs: 2_000, cadenceMs: 5, check: 'load' }, (s) =>
      s >= 500 && s < 600 ? { target: 'page', outcome: 'fail', error: 'unmeasured' } : { target: 'page' },
    );
  }
  const warnings: string[] = [];
  const logger = {
    level: (): 0 => 0,
    error: (...m: unknown[]) => void warnings.push(m.join(' ')),
    warn: (...m: unknown[]) => void warnings.push(m.join(' ')),
    info: () => logger,
    debug: () => logger,
  };
  compile(timelineSpec(history, 'case'), { logger: logger as never });
  return warnings;
}

it('compiles the timeline and the load strip without a warning from Vega-Lite', () => {
  expect(warningsOf(false)).toEqual([]);
  expect(warningsOf(true)).toEqual([]);
});
