// The self-test of scenarios/steps/database-restart.ts on the reference app, with its negative controls.
import { describe, expect } from 'vitest';
import { scenarioTest } from '../helpers/suite/scenario-test.js';
import { suiteTarget } from '../helpers/suite/suite-target.js';
import { databaseRestart } from './steps/database-restart.js';

describe('database restart', () => {
  scenarioTest('database-restart', 'recovers from a PostgreSQL restart without restarting any instance', async (c) => {
    expect(await databaseRestart(await suiteTarget(c.topology), c)).toHold();
  });

  scenarioTest('database-restart.no-reconnect', 'negative control, one connection never replaced: the application does not recover by itself', async (c) => {
    const result = await databaseRestart(await suiteTarget(c.topology), c);
    expect(result).toHold();
    expect(result.verdict.explanation).toMatch(/^Recovery too slow: db was not served again before the fault was healed/);
  });
});
