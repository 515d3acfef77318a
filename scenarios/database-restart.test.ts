// Beyond the guide: PostgreSQL is restarted. The application must recover by itself (no
// instance restarted) within the budget; the outage it costs is reported. The `db` channel
// reads page templates, which are never cached, so it sees what the database does.
import { describe, expect } from 'vitest';
import { availability } from '../helpers/checkers/availability.js';
import { noRestarts } from '../helpers/checkers/no-restarts.js';
import { recovery } from '../helpers/checkers/recovery.js';
import { sloFor } from '../helpers/checkers/slo.js';
import { restartDatabase } from '../helpers/faults/restart-database.js';
import { channels } from '../helpers/suite/channels.js';
import type { ScenarioCase } from '../helpers/suite/catalog.js';
import { startScenario } from '../helpers/suite/scenario.js';
import { scenarioTest } from '../helpers/suite/scenario-test.js';
import { suiteTarget } from '../helpers/suite/suite-target.js';

const slo = sloFor('database-restart');

async function databaseRestart(c: ScenarioCase) {
  const target = await suiteTarget(c.topology);
  const run = await startScenario(target, c, { channels: channels(target, ['incognito', 'db']) });
  await run.steadyState({ forMs: 2_000 });
  await run.noteRestarts();
  const fault = await run.inject(restartDatabase());
  await run.waitUntilServed('db', { timeoutMs: slo.recovery.maxFirstSuccessMs + 2_000, optional: true });
  await fault.heal();
  await run.observe({ forMs: 2_000 });
  await run.noteRestarts();
  return run.finish([availability(slo.availability), recovery(slo.recovery), noRestarts()]);
}

describe('database restart', () => {
  scenarioTest('database-restart', 'recovers from a PostgreSQL restart without restarting any instance', async (c) => {
    expect(await databaseRestart(c)).toHold();
  });

  scenarioTest('database-restart.no-reconnect', 'negative control, one connection never replaced: the application does not recover by itself', async (c) => {
    const result = await databaseRestart(c);
    expect(result).toHold();
    expect(result.verdict.explanation).toMatch(/^Recovery too slow: db was not served again before the fault was healed/);
  });
});
