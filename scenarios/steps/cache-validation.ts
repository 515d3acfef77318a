// Guide step "cache validation": create a page template, a page and a content with the App
// Builder API; find the instance that served the page's creation in the logs; terminate it;
// read everything back through the load balancer: identical. Beyond the guide, which cannot
// detect per-instance caches: update the page and read it from every instance; every one must
// serve the new title within 1 s.
import { availability } from '../../helpers/checkers/availability.js';
import { cacheCoherence } from '../../helpers/checkers/cache-coherence.js';
import { dataIntegrity } from '../../helpers/checkers/data-integrity.js';
import { sloFor } from '../../helpers/checkers/slo.js';
import { AppBuilderClient, contentBody, pageBody, pageModelBody } from '../../helpers/entando/app-builder-client.js';
import { difference } from '../../helpers/entando/reads-back.js';
import { instanceThatServed } from '../../helpers/entando/instance-resolution.js';
import { deleteInstance } from '../../helpers/faults/delete-instance.js';
import { channels } from '../../helpers/suite/channels.js';
import { readFromInstances, recordCall } from '../../helpers/suite/recorded-api.js';
import type { ScenarioCase } from '../../helpers/suite/catalog.js';
import type { StartedTarget } from '../../helpers/targets/target.js';
import { startScenario } from '../../helpers/suite/scenario.js';

const slo = sloFor('cache-validation');
type Page = { code: string; titles: { en: string } };

export async function cacheValidation(target: StartedTarget, c: ScenarioCase) {
  const api = new AppBuilderClient(target.endpoints, target.credentials);
  // Set-up, before any probe: the contents are of a type the application must have.
  await api.ensureContentType();
  const run = await startScenario(target, c, { channels: channels(target, ['incognito']) });
  let instanceNames: string[] = [];
  try {
    await run.steadyState();
    const writer = { channel: 'writer', check: 'add' };
    const [template, page] = [run.code('validation_tpl'), run.code('validation')];
    const created = new Map<string, unknown>();
    // Named before the call, so that a refused write is counted and shown as attempted. What
    // must be read back is what was sent: a create's answer also holds derived fields (6.2's
    // page template says mainFrame -1 there, 0 once read from the database).
    const add = async (what: string, attempted: string, path: string, sent: Record<string, unknown>, asArray = false) =>
      recordCall(run.history, { ...writer, value: attempted }, () => api.call('POST', path, { body: asArray ? [sent] : sent }), (r) => {
        const payload = (Array.isArray(r.payload) ? r.payload[0] : r.payload) as { code?: string; id?: string };
        // Entando names a content by its id, everything else by its code.
        const key = `${what}:${payload.code ?? payload.id}`;
        created.set(key, sent);
        return key;
      });
    const responses = [
      await add('pageModel', `pageModel:${template}`, '/pageModels', pageModelBody(template)),
      await add('page', `page:${page}`, '/pages', { ...pageBody(page, 'Before', template) }),
      await add('content', 'content (Validation banner)', '/plugins/cms/contents', contentBody('Validation banner'), true),
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

    // Read everything back, from every instance (the load balancer may send a user to any): a
    // value counts as read when each of them gives back what was written.
    const instances = await Promise.all((await target.instances()).map(async (i) => ({ name: i.name, url: await target.instanceUrl(i.name) })));
    instanceNames = instances.map((i) => i.name);
    const misses: string[] = [];
    await recordCall(run.history, { channel: 'reader', check: 'read' }, async () => {
      const found: string[] = [];
      for (const [key, original] of created) {
        const [kind, code] = key.split(':') as [string, string];
        const path = { pageModel: `/pageModels/${code}`, page: `/pages/${code}`, content: `/plugins/cms/contents/${code}` }[kind]!;
        const answers = await Promise.all(instances.map(async (i) => ({ name: i.name, back: await api.call('GET', path, { via: i.url }) })));
        const wrong = answers
          .map(({ name, back }) => ({ name, what: back.status === 200 ? difference(back.payload, original) : `HTTP ${back.status}` }))
          .filter((w) => w.what !== undefined);
        if (wrong.length === 0) found.push(key);
        for (const { name, what } of wrong) misses.push(`${key} on ${name}: ${what}`);
      }
      return { status: 200, payload: found, errors: [], requestId: 'read-back' };
    }, (r) => r.payload);
    if (misses.length > 0) run.history.note('read-back', misses.join('; '));

    // Beyond the guide: the page is viewed on every instance, then updated; every instance must serve the update.
    await readFromInstances(run.history, api, instances, `/pages/${page}`, (p) => (p as Page).titles.en, { forMs: 200, everyMs: 100 });
    await recordCall(run.history, { channel: 'writer', check: 'update' }, () => api.call('PUT', `/pages/${page}`, { body: pageBody(page, 'After', template) }), () => 'After');
    await readFromInstances(run.history, api, instances, `/pages/${page}`, (p) => (p as Page).titles.en, { forMs: 2_000, everyMs: 100 });
    await run.observe({ forMs: 1_000 });
  } finally {
    await api.close();
  }
  return run.finish([availability(slo.availability), dataIntegrity({ what: 'item' }), cacheCoherence({ budgetMs: slo.coherenceBudgetMs, instances: instanceNames })]);
}

