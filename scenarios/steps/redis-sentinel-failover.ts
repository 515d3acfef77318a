// Beyond the guide's steps, on its Redis Sentinel recommendation: the Redis master is killed;
// a replica must be promoted within the budget, the application must keep rendering and keep
// serving cached and new data, and the old master must rejoin as a replica.
import { availability } from '../../helpers/checkers/availability.js';
import { dataIntegrity } from '../../helpers/checkers/data-integrity.js';
import { milestone } from '../../helpers/checkers/milestone.js';
import { sloFor } from '../../helpers/checkers/slo.js';
import { AppBuilderClient, pageBody } from '../../helpers/entando/app-builder-client.js';
import { killRedisMaster } from '../../helpers/faults/kill-redis-master.js';
import { recordCall } from '../../helpers/suite/recorded-api.js';
import type { ScenarioCase } from '../../helpers/suite/catalog.js';
import type { StartedTarget } from '../../helpers/targets/target.js';
import { startScenario } from '../../helpers/suite/scenario.js';

const slo = sloFor('redis-sentinel-failover');
export const FAILOVER = { name: 'redis-failover', fault: 'kill-redis-master', note: 'redis-failover', what: 'a replica was promoted to master', budgetMs: slo.failoverBudgetMs };

export async function sentinelFailover(target: StartedTarget, c: ScenarioCase) {
  const run = await startScenario(target, c);
  const api = new AppBuilderClient(target.endpoints, target.credentials);
  const pages = [run.code('before_failover'), run.code('after_failover')];
  const create = (code: string) =>
    recordCall(run.history, { channel: 'writer', check: 'add', value: code }, () => api.call('POST', '/pages', { body: pageBody(code) }), () => code);
  try {
    await run.steadyState();
    await create(pages[0]!);
    const { name: old } = await target.redisMaster();
    const fault = await run.inject(killRedisMaster());
    const promoted = await run.waitFor('redis-failover', `a Redis master other than ${old}`, async () => {
      const master = await target.redisMaster().catch((error: Error) => ({ name: `unknown (${error.message})` }));
      return { done: master.name !== old && !master.name.startsWith('unknown'), state: `master ${master.name}`, value: master.name };
    }, { timeoutMs: slo.failoverBudgetMs + 2_000, optional: true });
    await create(pages[1]!);
    await fault.heal();
    // Without a promotion there is no master for the old one to replicate from.
    const rejoined = promoted
      ? await run.waitFor('redis-rejoined', `${old} back as a replica`, async () => {
          const role = (await target.redisRoles())[old];
          return { done: role === 'slave', state: `${old} is ${role}`, value: true };
        }, { timeoutMs: slo.rejoinBudgetMs + 2_000, optional: true })
      : undefined;
    // What the sentinels saw is the explanation of a missed milestone.
    if (!rejoined) await run.attachLogs('a Redis milestone was missed; the Redis and Sentinel logs', await target.redisLogs());
    await run.observe();
    await recordCall(run.history, { channel: 'reader', check: 'read' }, async () => {
      const found: string[] = [];
      for (const code of pages) if ((await api.call('GET', `/pages/${code}`)).status === 200) found.push(code);
      return { status: 200, payload: found, errors: [], requestId: 'read-back' };
    }, (r) => r.payload);
  } finally {
    await api.close();
  }
  return run.finish([
    availability(slo.availability),
    milestone(FAILOVER),
    milestone({ name: 'redis-rejoin', fault: 'kill-redis-master', note: 'redis-rejoined', what: 'the old master rejoined as a replica', budgetMs: slo.rejoinBudgetMs }),
    dataIntegrity({ what: 'page' }),
  ]);
}

