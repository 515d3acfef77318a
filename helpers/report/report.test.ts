// Reports from a hand-made history: the plot renders, the tables carry the key figures, and
// nothing secret leaks into the files.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { expect, it } from 'vitest';
import { availability } from '../checkers/availability.js';
import { recovery } from '../checkers/recovery.js';
import { emptyHistory, probe } from '../checkers/test-histories.js';
import { runCheckers } from '../checkers/verdict.js';
import { registerSecret } from '../log/redact.js';
import { loadResults, saveNotApplicable, saveResult } from './scenario-result.js';
import { holdCount, textTable } from './verdict-table.js';
import { writeReports } from './write-reports.js';

it('writes a self-contained HTML report, a markdown summary and a verdict table', async () => {
  const dir = await mkdtemp(`${tmpdir()}/chaos-report-`);
  const history = emptyHistory();
  registerSecret('the-secret-token-value');
  history.phase('steady');
  // A secret where reports do render text: the fault's detail reaches the explanation and the plot.
  history.append({ type: 'fault', name: 'kill-process', stage: 'inject-start', at: 900, detail: 'app-1 on node-2 with Bearer the-secret-token-value' });
  probe(history, 'incognito', { fromMs: 0, toMs: 3_000, cadenceMs: 50 }, (s) => (s >= 1_000 && s < 1_200 ? { outcome: 'fail', error: 'refused' } : {}));
  // A load at 1,000 requests a second: more successes than the plot draws, 50 ms of them refused.
  probe(history, 'load', { fromMs: 0, toMs: 4_000, cadenceMs: 1, check: 'load' }, (s) => (s >= 1_000 && s < 1_050 ? { target: 'page', outcome: 'fail', error: 'refused' } : { target: 'page' }));
  history.append({ type: 'fault', name: 'kill-process', stage: 'heal-end', at: 2_000 });
  const verdict = await runCheckers(history, [availability({ channels: ['incognito'], maxFailed: 0 }), recovery(), availability({ channels: ['load'], maxFailed: 0 }, 'load-availability')]);
  await saveResult(
    {
      runId: 'run-1',
      id: 'process-kill',
      title: 'Process kill',
      expect: 'invalid',
      holds: verdict.valid === false,
      target: { kind: 'local-docker', runId: 'r1', context: 'docker', namespace: 'r1', summary: '2 instances' },
      startedAt: '2026-01-01T12:00:00.000Z',
      durationMs: 3_000,
      verdict,
      journal: 'journals/process-kill.jsonl',
    },
    history,
    dir,
  );
  const results = await loadResults('run-1', dir);
  expect(results.map((r) => r.id)).toEqual(['process-kill']);
  const { html, markdown } = await writeReports(results, dir);
  const page = await readFile(html, 'utf8');
  expect(page).toContain('<svg');
  expect(page).toContain('local-docker, context <code>docker</code>, namespace <code>r1</code>');
  expect(page).toContain('The page failed to render for 200 ms');
  expect(page).toContain('The load&#39;s requests went unserved for 50 ms');
  // The load's points are sampled, and the plot says so; its rate strip is drawn under it.
  expect(page).toContain('load: 1 in 2 of 3,950 successes drawn, every failure');
  expect(page).toContain('load channel: requests a second per 100 ms, by outcome');
  expect(page).toContain('during kill-process of app-1 on node-2 with Bearer ***');
  expect(page).not.toContain('the-secret-token-value');
  expect(await readFile(`${dir}/results/process-kill.json`, 'utf8')).not.toContain('the-secret-token-value');
  const summary = await readFile(markdown, 'utf8');
  expect(summary).toContain('## Entando HA chaos: 1 of 1 scenarios hold');
  expect(summary).toContain('| Process kill | invalid | invalid | yes | 200 ms | 4 | 275 ms | 3,950 of 4,000, p99 5 ms |');
  expect(textTable(results)).toMatch(/^scenario\s+expected\s+verdict\s+holds\s+longest outage\s+failed requests\s+recovery\s+load served\n-+/);
});

it('loads only the results of the run asked for, and refuses a file that is not a result by name', async () => {
  const dir = await mkdtemp(`${tmpdir()}/chaos-results-`);
  const history = emptyHistory();
  const verdict = await runCheckers(history, []);
  const base = { title: 'T', expect: 'valid' as const, holds: true, startedAt: '2026-01-01T12:00:00.000Z', durationMs: 1, verdict, journal: 'j' };
  await saveResult({ ...base, runId: 'run-old', id: 'old' }, history, dir);
  await saveResult({ ...base, runId: 'run-new', id: 'new' }, history, dir);
  expect((await loadResults('run-new', dir)).map((r) => r.id)).toEqual(['new']);
  expect(await loadResults('run-none', dir)).toEqual([]);
  await mkdir(`${dir}/results`, { recursive: true });
  await writeFile(`${dir}/results/broken.json`, JSON.stringify({ runId: 'run-new', id: 'x' }));
  await expect(loadResults('run-new', dir)).rejects.toThrow(/broken\.json is not a scenario result: title: /);
});

it('shows the end of each evidence file, redacted as it was written, under the scenario', async () => {
  const dir = await mkdtemp(`${tmpdir()}/chaos-evidence-`);
  await mkdir(`${dir}/evidence/x`, { recursive: true });
  await writeFile(`${dir}/evidence/x/sentinel-0.log`, Array.from({ length: 100 }, (_, i) => `line ${i} <+odown>`).join('\n'));
  const history = emptyHistory();
  const verdict = await runCheckers(history, []);
  const result = await saveResult(
    { runId: 'r', id: 'x', title: 'X', expect: 'valid', holds: true, startedAt: '2026-01-01T12:00:00.000Z', durationMs: 1, verdict, journal: 'j', evidence: [{ title: 'logs: sentinel-0', file: 'evidence/x/sentinel-0.log' }] },
    history,
    dir,
  );
  const page = await readFile((await writeReports([result], dir)).html, 'utf8');
  expect(page).toContain('<summary>logs: sentinel-0 (100 lines, the last 80 shown;');
  expect(page).toContain('line 99 &#60;+odown&#62;');
  expect(page).not.toContain('line 19 ');
});

it('reports a step that could not run as not applicable, with its reason, counted neither as holding nor as failing', async () => {
  const dir = await mkdtemp(`${tmpdir()}/chaos-na-`);
  const target = { kind: 'local-docker' as const, runId: 'r2', context: 'docker', namespace: 'r2', summary: 'entando-engine, 2 instances' };
  const base = { runId: 'run-2', expect: 'valid' as const, mode: 'assessment' as const, target, durationMs: 0 };
  await saveNotApplicable({ ...base, id: 'redis-sentinel-failover', title: 'Redis Sentinel failover', startedAt: '2026-01-01T12:00:00.000Z' }, 'the application runs no Redis', dir);
  const history = emptyHistory();
  probe(history, 'incognito', { fromMs: 0, toMs: 1_000, cadenceMs: 50 }, () => ({}));
  const verdict = await runCheckers(history, [availability({ maxFailed: 0 })]);
  await saveResult({ ...base, id: 'process-kill', title: 'Process kill', holds: verdict.valid === true, startedAt: '2026-01-01T12:01:00.000Z', verdict, journal: '' }, history, dir);
  // The self-test's case of the same id, in the same run (npm test runs both): kept apart, not overwritten.
  await saveResult({ ...base, mode: 'self-test', id: 'process-kill', title: 'Process kill', holds: true, startedAt: '2026-01-01T11:59:00.000Z', verdict, journal: '' }, history, dir);
  expect((await loadResults('run-2', dir)).map((r) => `${r.mode} ${r.id}`)).toEqual(['self-test process-kill', 'assessment redis-sentinel-failover', 'assessment process-kill']);
  const results = (await loadResults('run-2', dir)).filter((r) => r.mode === 'assessment');
  expect(results.find((r) => r.id === 'redis-sentinel-failover')).toMatchObject({ holds: false, notApplicable: 'the application runs no Redis', verdict: { valid: 'unknown', explanation: 'Not applicable, because the application runs no Redis.' } });
  expect(holdCount(results)).toBe('1 of 1 applicable steps hold, 1 not applicable');
  expect(textTable(results)).toMatch(/Redis Sentinel failover\s+valid\s+not applicable\s+n\/a\s+-\s+-\s+-/);
  const { markdown } = await writeReports(results, dir);
  const summary = await readFile(markdown, 'utf8');
  expect(summary).toContain('## Entando HA chaos: 1 of 1 applicable steps hold, 1 not applicable');
  expect(summary).toContain('- **Redis Sentinel failover**: Not applicable, because the application runs no Redis.');
});
