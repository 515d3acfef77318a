import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SLO, KIND_SLO_FILE, mergeSlo, sloFor } from './slo.js';

describe('SLOs as data', () => {
  it('merges an override into the defaults of one scenario', () => {
    const merged = mergeSlo({ 'process-kill': { availability: { maxP99Ms: 500 } } }, 'gate.json');
    expect(merged['process-kill'].availability).toEqual({ ...DEFAULT_SLO['process-kill'].availability, maxP99Ms: 500 });
    expect(merged['pod-deletion']).toEqual(DEFAULT_SLO['pod-deletion']);
  });

  it.each([
    [{ 'pod-delete': {} }, 'gate.json: unknown scenario "pod-delete"; known: clustered-instance'],
    [{ 'pod-deletion': { availabilty: {} } }, 'gate.json: pod-deletion.availabilty is not an SLO field'],
    [{ 'cache-validation': { coherenceBudgetMs: 'fast' } }, 'gate.json: cache-validation.coherenceBudgetMs must be a number >= 0, got "fast"'],
    [[], 'gate.json must hold a JSON object keyed by scenario'],
  ])('refuses %j by name', (overrides, message) => {
    expect(() => mergeSlo(overrides, 'gate.json')).toThrow(message);
  });

  it('reads the file CHAOS_SLO_FILE names, and says which file is not JSON', async () => {
    const dir = await mkdtemp(`${tmpdir()}/slo-`);
    await writeFile(`${dir}/ok.json`, JSON.stringify({ 'single-node': { recovery: { maxFirstSuccessMs: 300_000 } } }));
    await writeFile(`${dir}/bad.json`, '{ nope');
    expect(sloFor('single-node', { CHAOS_SLO_FILE: `${dir}/ok.json` }).recovery.maxFirstSuccessMs).toBe(300_000);
    expect(() => sloFor('single-node', { CHAOS_SLO_FILE: `${dir}/bad.json` })).toThrow(`CHAOS_SLO_FILE ${dir}/bad.json cannot be read as JSON`);
  });

  it("takes the kind cluster's budgets on kind, under CHAOS_SLO_FILE's overrides", async () => {
    const kind = JSON.parse(await readFile(KIND_SLO_FILE, 'utf8')) as { 'single-node': { recovery: { maxFirstSuccessMs: number } } };
    const budget = kind['single-node'].recovery.maxFirstSuccessMs;
    expect(budget).toBeGreaterThan(DEFAULT_SLO['single-node'].recovery.maxFirstSuccessMs);
    expect(sloFor('single-node', { CHAOS_TARGET: 'kind' }).recovery).toEqual({ ...DEFAULT_SLO['single-node'].recovery, maxFirstSuccessMs: budget });
    expect(sloFor('single-node', {}).recovery).toEqual(DEFAULT_SLO['single-node'].recovery);
    const dir = await mkdtemp(`${tmpdir()}/slo-`);
    await writeFile(`${dir}/gate.json`, JSON.stringify({ 'single-node': { recovery: { maxFirstSuccessMs: 1 } } }));
    expect(sloFor('single-node', { CHAOS_TARGET: 'kind', CHAOS_SLO_FILE: `${dir}/gate.json` }).recovery.maxFirstSuccessMs).toBe(1);
  });
});
