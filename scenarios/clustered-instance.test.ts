// Guide step "create a clustered instance": scale the App Engine 1 -> 2 -> 3. Every instance
// becomes ready and prints its cache configuration line; traffic through the load balancer
// reaches every instance; and, what makes it a cluster, a page created through the load
// balancer is served by every instance.
import { describe, expect } from 'vitest';
import { availability } from '../helpers/checkers/availability.js';
import { cacheCoherence } from '../helpers/checkers/cache-coherence.js';
import { instanceReach } from '../helpers/checkers/instance-reach.js';
import { sloFor } from '../helpers/checkers/slo.js';
import { AppBuilderClient, pageBody } from '../helpers/entando/app-builder-client.js';
import { channels } from '../helpers/suite/channels.js';
import { readFromInstances, recordCall } from '../helpers/suite/recorded-api.js';
import type { ScenarioCase } from '../helpers/suite/catalog.js';
import { startScenario } from '../helpers/suite/scenario.js';
import { scenarioTest } from '../helpers/suite/scenario-test.js';
import { suiteTarget } from '../helpers/suite/suite-target.js';

const slo = sloFor('clustered-instance');
const CACHE_LINE = /\*\* Redis (with single node configuration|Cluster with sentinel configuration|not active) \*\*/;

async function clusteredInstance(c: ScenarioCase) {
  if (c.plan.fault !== 'scale') throw new Error(`${c.id}: a clustered instance needs a scale plan`);
  const target = await suiteTarget(c.topology);
  const run = await startScenario(target, c, { channels: channels(target, ['incognito', 'api']) });
  await run.steadyState({ forMs: 2_000 });
  for (const replicas of c.plan.steps) {
    await target.scale(replicas);
    await run.waitForRestored({ replicas });
  }
  await run.observe({ forMs: 2_000 });
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

describe('clustered instance', () => {
  scenarioTest('clustered-instance', 'scales 1 -> 2 -> 3 without a failed render; every instance is reached and serves the same data', async (c) => {
    const { result, instances, cacheLines } = await clusteredInstance(c);
    expect(instances).toHaveLength(3);
    // Redis active, single node or Sentinel: whichever the target runs (kind: cluster:up --redis).
    expect(cacheLines.map((l) => l?.text)).toEqual(instances.map(() => expect.stringMatching(/\*\* Redis (with single node|Cluster with sentinel) configuration \*\*/)));
    expect(result).toHold();
  });

  scenarioTest('clustered-instance.embedded-db', 'negative control, in-memory database per instance: the instances disagree', async (c) => {
    const { result } = await clusteredInstance(c);
    expect(result).toHold();
    expect(result.verdict.explanation).toMatch(/^Stale cache: instance .* still served "HTTP 404" at its last read/);
  });
});
