// Guide step "create a clustered instance": scale the App Engine 1 -> 2 -> 3. Every instance
// becomes ready and prints its cache configuration line; traffic through the load balancer
// reaches every instance; and, what makes it a cluster, a page created through the load
// balancer is served by every instance.
import { availability } from '../../helpers/checkers/availability.js';
import { cacheCoherence } from '../../helpers/checkers/cache-coherence.js';
import { instanceReach } from '../../helpers/checkers/instance-reach.js';
import { sloFor } from '../../helpers/checkers/slo.js';
import { AppBuilderClient, pageBody } from '../../helpers/entando/app-builder-client.js';
import { channels } from '../../helpers/suite/channels.js';
import { readFromInstances, recordCall } from '../../helpers/suite/recorded-api.js';
import type { ScenarioCase } from '../../helpers/suite/catalog.js';
import type { StartedTarget } from '../../helpers/targets/target.js';
import { startScenario } from '../../helpers/suite/scenario.js';

const slo = sloFor('clustered-instance');
const CACHE_LINE = /\*\* Redis (with single node configuration|Cluster with sentinel configuration|not active) \*\*/;

export async function clusteredInstance(target: StartedTarget, c: ScenarioCase) {
  if (c.plan.fault !== 'scale') throw new Error(`${c.id}: a clustered instance needs a scale plan`);
  const run = await startScenario(target, c, { channels: channels(target, ['incognito', 'api']) });
  await run.steadyState();
  for (const replicas of c.plan.steps) {
    await target.scale(replicas);
    await run.waitForRestored({ replicas });
  }
  await run.observe();
  const instances = await target.instances();
  const cacheLines = await Promise.all(instances.map(async (i) => (await target.logs(i.name)).find((l) => CACHE_LINE.test(l.text))));
  const api = new AppBuilderClient(target.endpoints, target.credentials);
  try {
    const page = run.code('clustered');
    const created = await recordCall(run.history, { channel: 'writer', check: 'update' }, () => api.call('POST', '/pages', { body: pageBody(page, 'Clustered page') }), () => 'Clustered page');
    if (created?.status !== 200) throw new Error(`creating the page failed: HTTP ${created?.status} ${created?.errors[0]?.message ?? ''}`);
    const urls = await Promise.all(instances.map(async (i) => ({ name: i.name, url: await target.instanceUrl(i.name) })));
    await readFromInstances(run.history, api, urls, `/pages/${page}`, (p) => (p as { titles: { en: string } }).titles.en, { forMs: 2_000, everyMs: 200 });
  } finally {
    await api.close();
  }
  const result = await run.finish([
    availability(slo.availability),
    instanceReach({ channel: 'incognito', expected: instances.map((i) => i.name) }),
    cacheCoherence({ budgetMs: slo.coherenceBudgetMs, instances: instances.map((i) => i.name) }),
  ]);
  return { result, instances, cacheLines };
}

