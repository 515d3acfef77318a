// Beyond the guide: PostgreSQL is restarted. The application must recover by itself (no
// instance restarted) within the budget; the outage it costs is reported. The `db` channel
// reads page templates, which are never cached, so it sees what the database does.
import { availability } from '../../helpers/checkers/availability.js';
import { noRestarts } from '../../helpers/checkers/no-restarts.js';
import { recovery } from '../../helpers/checkers/recovery.js';
import { sloFor } from '../../helpers/checkers/slo.js';
import { AppBuilderClient } from '../../helpers/entando/app-builder-client.js';
import { restartDatabase } from '../../helpers/faults/restart-database.js';
import { channels } from '../../helpers/suite/channels.js';
import type { ScenarioCase } from '../../helpers/suite/catalog.js';
import type { StartedTarget } from '../../helpers/targets/target.js';
import { startScenario } from '../../helpers/suite/scenario.js';

const slo = sloFor('database-restart');

export async function databaseRestart(target: StartedTarget, c: ScenarioCase) {
  // An API whose reads need a token (Entando 6.2's) gets one for the db channel, before any fault.
  const api = new AppBuilderClient(target.endpoints, target.credentials);
  const bearerToken = target.endpoints.guestReads ? undefined : await api.bearer().finally(() => api.close());
  const run = await startScenario(target, c, { channels: channels(target, ['incognito', 'db'], { bearerToken }) });
  await run.steadyState();
  await run.noteRestarts();
  const fault = await run.inject(restartDatabase());
  await run.waitUntilServed('db', { timeoutMs: slo.recovery.maxFirstSuccessMs + 2_000, optional: true });
  await fault.heal();
  await run.observe();
  await run.noteRestarts();
  return run.finish([availability(slo.availability), recovery(slo.recovery), noRestarts()]);
}

