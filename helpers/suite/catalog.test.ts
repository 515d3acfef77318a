import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SLO } from '../checkers/slo.js';
import { PROJECT_ROOT } from '../paths.js';
import { CATALOG, SCENARIO_LOAD, scenarioNames, selectCases } from './catalog.js';
import { KIND_CASE_LOAD_PER_SECOND, loadRate } from './load-targets.js';
import { describeLayout, describePlan } from './plan.js';

describe('scenario catalog', () => {
  it('has one test per case, in the file of its scenario, and a file and an SLO entry per scenario', async () => {
    const files = (await readdir(`${PROJECT_ROOT}scenarios`)).filter((f) => f.endsWith('.test.ts')).sort();
    expect(files).toEqual(scenarioNames().map((n) => `${n}.test.ts`).sort());
    const tested: string[] = [];
    for (const file of files) {
      const text = await readFile(`${PROJECT_ROOT}scenarios/${file}`, 'utf8');
      for (const [, id] of text.matchAll(/scenarioTest\('([^']+)'/g)) {
        expect(CATALOG.find((c) => c.id === id)?.scenario, `${id} in ${file}`).toBe(file.replace('.test.ts', ''));
        tested.push(id!);
      }
    }
    expect(tested.sort()).toEqual(CATALOG.map((c) => c.id).sort());
    expect(Object.keys(DEFAULT_SLO).sort()).toEqual([...scenarioNames()].sort());
  });

  it('selects scenarios by a part of their name, as vitest selects files', () => {
    expect(selectCases(['pod-del']).map((c) => c.id)).toEqual(['pod-deletion', 'pod-deletion.under-load', 'pod-deletion.one-replica', 'pod-deletion.sessions-in-memory', 'pod-deletion.immediate-shutdown']);
    expect(selectCases()).toHaveLength(CATALOG.length);
    expect(() => selectCases(['process-kill', 'typo'])).toThrow('--scenario "typo" matches no scenario; there are: clustered-instance,');
  });

  it('every negative control that needs an outage names where it must be seen', () => {
    for (const c of CATALOG.filter((c) => c.premise)) expect(c.expect, c.id).toBe('invalid');
  });

  it('describes a layout on the embedded target in full and on kind as what changes', () => {
    expect(describeLayout({ replicas: 1, startDelayMs: 5_000 }, 'local-docker')).toBe(
      '1 instance(s) spread on node-1, node-2, node-3; redis single; postgresql; sessions in redis; graceful shutdown; ha load balancer; instances start after 5.00 s',
    );
    // As the target resolves it: without Redis, sessions in memory (the plan once said "in redis").
    expect(describeLayout({ redis: 'none', dbms: 'embedded' }, 'local-docker')).toContain('redis none; embedded; sessions in memory;');
    expect(describeLayout({ loadBalancer: 'naive' }, 'kind')).toBe('the cluster\'s application, reconfigured: loadBalancer "naive"');
    expect(describePlan(selectCases(['single-node']), 'kind', {})).toContain('on the kind cluster (CHAOS_TARGET=kind)');
  });

  it("runs a case's own load at its rate, on kind at most the rate kind's cluster serves on these machines, and --load's rate for every case", () => {
    const underLoad = CATALOG.find((c) => c.id === 'pod-deletion.under-load');
    expect(loadRate(SCENARIO_LOAD.ratePerSecond, 'local-docker', {})).toBe(SCENARIO_LOAD.ratePerSecond);
    expect(loadRate(SCENARIO_LOAD.ratePerSecond, 'kind', {})).toBe(KIND_CASE_LOAD_PER_SECOND);
    expect(loadRate(undefined, 'kind', {})).toBeUndefined();
    expect(loadRate(undefined, 'local-docker', { CHAOS_LOAD_RATE: '450' })).toBe(450);
    expect(loadRate(SCENARIO_LOAD.ratePerSecond, 'kind', { CHAOS_LOAD_RATE: '450' })).toBe(450);
    expect(describePlan([underLoad!], 'kind', {})).toContain(`load:    ${KIND_CASE_LOAD_PER_SECOND} requests/s`);
    expect(describePlan([underLoad!], 'local-docker', {})).toContain(`load:    ${SCENARIO_LOAD.ratePerSecond} requests/s`);
  });
});
