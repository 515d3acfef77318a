import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SLO, KIND_SLO_FILE, mergeSlo, scenarioSloSchema, SloFileError, sloFor } from './slo.js';

describe('SLOs as data', () => {
  it('merges an override into the defaults of one scenario', () => {
    const merged = mergeSlo({ 'process-kill': { availability: { maxP99Ms: 500 } } }, 'gate.json');
    expect(merged['process-kill'].availability).toEqual({ ...DEFAULT_SLO['process-kill'].availability, maxP99Ms: 500 });
    expect(merged['pod-deletion']).toEqual(DEFAULT_SLO['pod-deletion']);
  });

  it('refuses a misspelt field and a string where a number belongs, each with its path, and merges nothing', () => {
    const file = { 'process-kill': { availability: { maxP99ms: 500, maxFailed: '3' } } };
    expect(() => mergeSlo(file, 'gate.json')).toThrow(SloFileError);
    expect(() => mergeSlo(file, 'gate.json')).toThrow(
      'gate.json: 2 problems:\n' +
        '  process-kill.availability.maxFailed: expected a number >= 0, got "3"\n' +
        '  process-kill.availability.maxP99ms: unknown field (did you mean maxP99Ms?)',
    );
  });

  it.each([
    [{ 'pod-delete': {} }, 'gate.json: pod-delete: unknown scenario (did you mean pod-deletion?)'],
    [{ chaos: {} }, 'gate.json: chaos: unknown scenario; known: clustered-instance, pod-deletion, process-kill'],
    [{ 'pod-deletion': { availabilty: {} } }, 'gate.json: pod-deletion.availabilty: unknown field (did you mean availability?)'],
    [{ 'pod-deletion': { session: { maxLots: 1 } } }, 'gate.json: pod-deletion.session.maxLots: unknown field (did you mean maxLost?)'],
    [{ 'cache-validation': { coherenceBudgetMs: 'fast' } }, 'gate.json: cache-validation.coherenceBudgetMs: expected a number >= 0, got "fast"'],
    [{ 'single-node': { recovery: { maxFirstSuccessMs: -1 } } }, 'gate.json: single-node.recovery.maxFirstSuccessMs: expected a number >= 0, got -1'],
    [{ 'single-node': { recovery: null } }, 'gate.json: single-node.recovery: expected an object, got null'],
    [{ 'pod-deletion': { availability: { channels: 'incognito' } } }, 'gate.json: pod-deletion.availability.channels: expected a list of channel names, got "incognito"'],
    [{ 'pod-deletion': { availability: { channels: ['Incognito'] } } }, 'gate.json: pod-deletion.availability.channels.0: expected lowercase letters, digits and dashes, got "Incognito"'],
    [{ 'pod-deletion': { availability: { minSuccessRatio: 99.9 } } }, 'gate.json: pod-deletion.availability.minSuccessRatio: expected a number from 0 to 1, got 99.9'],
    [[], 'gate.json: expected a JSON object keyed by scenario, got []'],
  ])('refuses %j by path', (overrides, message) => {
    expect(() => mergeSlo(overrides, 'gate.json')).toThrow(message);
  });

  it('merges nested fields one by one and replaces lists', () => {
    const merged = mergeSlo({ 'pod-deletion': { availability: { channels: ['incognito', 'session'] }, recovery: { maxFirstSuccessMs: 5_000 } } }, 'gate.json');
    expect(merged['pod-deletion'].availability).toEqual({ channels: ['incognito', 'session'], maxFailed: 0 });
    expect(merged['pod-deletion'].recovery).toEqual({ ...DEFAULT_SLO['pod-deletion'].recovery, maxFirstSuccessMs: 5_000 });
  });

  it('holds its own defaults and the kind file to the same schema', async () => {
    for (const [id, slo] of Object.entries(DEFAULT_SLO)) expect(scenarioSloSchema.safeParse(slo).success, id).toBe(true);
    const kind: unknown = JSON.parse(await readFile(KIND_SLO_FILE, 'utf8'));
    expect(() => mergeSlo(kind, KIND_SLO_FILE)).not.toThrow();
  });

  it('gives every scenario that judges availability its SLO, so that a file can change it', () => {
    expect(sloFor('cache-validation', {}).availability).toEqual({ channels: ['incognito'], maxFailed: 0 });
    expect(sloFor('database-restart', {}).availability).toEqual({ channels: ['incognito', 'db'] });
    expect(sloFor('single-node', {}).availability).toEqual({ channels: ['incognito'] });
  });

  it('names the file that is wrong and the variable that is', async () => {
    const dir = await mkdtemp(`${tmpdir()}/slo-`);
    await writeFile(`${dir}/typo.json`, JSON.stringify({ 'process-kill': { availability: { maxP99ms: 500 } } }));
    expect(() => sloFor('process-kill', { CHAOS_SLO_FILE: `${dir}/typo.json` })).toThrow(`${dir}/typo.json: process-kill.availability.maxP99ms: unknown field`);
    expect(() => sloFor('process-kill', { CHAOS_TARGET: 'knd' })).toThrow('CHAOS_TARGET must be local-docker or kind, got "knd"');
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
