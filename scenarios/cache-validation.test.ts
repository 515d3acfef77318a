// Guide step "cache validation": create a page template, a page and a content with the App
// Builder API; find the instance that served the page's creation in the logs; terminate it;
// read everything back through the load balancer: identical. Beyond the guide, which cannot
// detect per-instance caches: update the page and read it from every instance; every one must
// serve the new title within 1 s.
import { describe, expect } from 'vitest';
import { availability } from '../helpers/checkers/availability.js';
import { cacheCoherence } from '../helpers/checkers/cache-coherence.js';
import { dataIntegrity } from '../helpers/checkers/data-integrity.js';
import { sloFor } from '../helpers/checkers/slo.js';
import { AppBuilderClient, contentBody, pageBody, pageModelBody } from '../helpers/entando/app-builder-client.js';
import { instanceThatServed } from '../helpers/entando/instance-resolution.js';
import { deleteInstance } from '../helpers/faults/delete-instance.js';
import { channels } from '../helpers/suite/channels.js';
import { readFromInstances, recordCall } from '../helpers/suite/recorded-api.js';
import type { ScenarioCase } from '../helpers/suite/catalog.js';
import { startScenario } from '../helpers/suite/scenario.js';
import { scenarioTest } from '../helpers/suite/scenario-test.js';
import { suiteTarget } from '../helpers/suite/suite-target.js';

const slo = sloFor('cache-validation');
type Page = { code: string; titles: { en: string } };

/** JSON with sorted keys: "identical" means the same data, whatever order a database returns keys in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

async function cacheValidation(c: ScenarioCase) {
  const target = await suiteTarget(c.topology);
  const run = await startScenario(target, c, { channels: channels(target, ['incognito']) });
  const api = new AppBuilderClient(target.endpoints, target.credentials);
  let instanceNames: string[] = [];
  try {
    await run.steadyState({ forMs: 2_000 });
    const writer = { channel: 'writer', check: 'add' };
    const [template, page] = [run.code('validation_tpl'), run.code('validation')];
    const created = new Map<string, unknown>();
    const add = async (what: string, call: () => ReturnType<AppBuilderClient['call']>) => {
      const response = await recordCall(run.history, writer, call, (r) => {
        const payload = Array.isArray(r.payload) ? r.payload[0] : r.payload;
        const key = `${what}:${(payload as { code: string }).code}`;
        created.set(key, payload);
        return key;
      });
      return response;
    };
    const responses = [
      await add('pageModel', () => api.call('POST', '/pageModels', { body: pageModelBody(template) })),
      await add('page', () => api.call('POST', '/pages', { body: pageBody(page, 'Before', template) })),
      await add('content', () => api.call('POST', '/plugins/cms/contents', { body: [contentBody('Validation banner')] })),
    ];
    const first = responses.find((r) => r?.status === 200);
    if (!first) throw new Error(`every create failed: ${responses.map((r) => `HTTP ${r?.status} ${r?.errors[0]?.message ?? ''}`).join('; ')}`);

    // The guide: find which instance served a creation, from the logs; the header only cross-checks.
    const served = await instanceThatServed(target, first.requestId);
    if (first.instanceHeader && first.instanceHeader !== served) throw new Error(`logs say ${served}, the response header says ${first.instanceHeader}`);
    const victim = (await target.instances()).find((i) => i.name === served);
    if (!victim) throw new Error(`the logs name ${served} as the instance that served request ${first.requestId}, but it is not among the target's instances`);
    const fault = await run.inject(deleteInstance(victim));
    await run.waitForRestored();
    await fault.heal();

    // Read everything back through the load balancer: a value counts as read when it is identical.
    await recordCall(run.history, { channel: 'reader', check: 'read' }, async () => {
      const found: string[] = [];
      for (const [key, original] of created) {
        const [kind, code] = key.split(':') as [string, string];
        const path = { pageModel: `/pageModels/${code}`, page: `/pages/${code}`, content: `/plugins/cms/contents/${code}` }[kind]!;
        const back = await api.call('GET', path);
        if (back.status === 200 && canonical(back.payload) === canonical(original)) found.push(key);
      }
      return { status: 200, payload: found, errors: [], requestId: 'read-back' };
    }, (r) => r.payload);

    // Beyond the guide: the page is viewed on every instance, then updated; every instance must serve the update.
    const instances = await Promise.all((await target.instances()).map(async (i) => ({ name: i.name, url: await target.instanceUrl(i.name) })));
    instanceNames = instances.map((i) => i.name);
    await readFromInstances(run.history, api, instances, `/pages/${page}`, (p) => (p as Page).titles.en, { forMs: 200, everyMs: 100 });
    await recordCall(run.history, { channel: 'writer', check: 'update' }, () => api.call('PUT', `/pages/${page}`, { body: pageBody(page, 'After', template) }), () => 'After');
    await readFromInstances(run.history, api, instances, `/pages/${page}`, (p) => (p as Page).titles.en, { forMs: 2_000, everyMs: 100 });
    await run.observe({ forMs: 1_000 });
  } finally {
    await api.close();
  }
  return run.finish([availability(slo.availability), dataIntegrity({ what: 'item' }), cacheCoherence({ budgetMs: slo.coherenceBudgetMs, instances: instanceNames })]);
}

describe('cache validation', () => {
  scenarioTest('cache-validation', 'reads back identical data after the serving instance is terminated, and every instance sees an update within 1 s', async (c) => {
    expect(await cacheValidation(c)).toHold();
  });

  scenarioTest('cache-validation.per-instance-cache', 'negative control, per-instance cache (no Redis): the guide passes, the update check fails', async (c) => {
    const result = await cacheValidation(c);
    expect(result).toHold();
    expect(result.verdict.verdicts.find((v) => v.checker === 'data-integrity')?.valid).toBe(true);
    expect(result.verdict.explanation).toMatch(/^Stale cache: instance .* still served "Before" at its last read/);
  });

  scenarioTest('cache-validation.embedded-db', 'negative control, in-memory database: what the terminated instance created is lost', async (c) => {
    const result = await cacheValidation(c);
    expect(result).toHold();
    expect(result.verdict.verdicts.find((v) => v.checker === 'data-integrity')?.explanation).toMatch(/^Data lost: \d of \d acknowledged items? were lost/);
  });
});
