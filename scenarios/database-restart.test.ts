// Beyond the guide: PostgreSQL is restarted. The application must recover by itself (no
// instance restarted) within the budget; the outage it costs is reported. The `db` channel
// reads page templates, which are never cached, so it sees what the database does.
import { describe, expect, it } from 'vitest';
import { availability } from '../helpers/checkers/availability.js';
import { noRestarts } from '../helpers/checkers/no-restarts.js';
import { recovery } from '../helpers/checkers/recovery.js';
import { sloFor } from '../helpers/checkers/slo.js';
import { restartDatabase } from '../helpers/faults/restart-database.js';
import { channels } from '../helpers/suite/channels.js';
import { startScenario } from '../helpers/suite/scenario.js';
import { suiteTarget } from '../helpers/suite/suite-target.js';
import type { TopologyOptions } from '../helpers/targets/topology.js';

const slo = sloFor('database-restart');

async function databaseRestart(id: string, title: string, topology: Partial<TopologyOptions>, expect: 'valid' | 'invalid') {
  const target = await suiteTarget({ replicas: 2, ...topology });
  const run = await startScenario(target, { id, title, expect, channels: channels(target, ['incognito', 'db']) });
  await run.steadyState({ forMs: 2_000 });
  await run.noteRestarts();
  const fault = await run.inject(restartDatabase());
  await run.waitUntilServed('db', { timeoutMs: slo.recovery.maxFirstSuccessMs + 2_000, optional: true });
  await fault.heal();
  await run.observe({ forMs: 2_000 });
  await run.noteRestarts();
  return run.finish([availability({ channels: ['incognito', 'db'] }), recovery(slo.recovery), noRestarts()]);
}

describe('database restart', () => {
  it('recovers from a PostgreSQL restart without restarting any instance', async () => {
    const result = await databaseRestart('database-restart', 'Database restart', {}, 'valid');
    expect(result).toHold();
  });

  it('negative control, one connection never replaced: the application does not recover by itself', async () => {
    const result = await databaseRestart('database-restart.no-reconnect', 'Database restart, connection never replaced (negative control)', { dbReconnect: false }, 'invalid');
    expect(result).toHold();
    expect(result.verdict.explanation).toMatch(/^Recovery too slow: db was not served again before the fault was healed/);
  });
});
