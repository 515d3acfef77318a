// The main job's command line, as a user meets it: a filter that matches nothing and a dry run
// both answer at once, start nothing and say what they did not do.
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../paths.js';

const chaos = async (args: string[]) => {
  const reports = await mkdtemp(`${tmpdir()}/chaos-run-`);
  const started = performance.now();
  const result = await execa('node', ['--import', 'tsx', `${PROJECT_ROOT}helpers/cli/entando-chaos.ts`, ...args], {
    reject: false,
    cwd: PROJECT_ROOT,
    env: { CHAOS_REPORTS_DIR: reports },
  });
  return { ...result, seconds: (performance.now() - started) / 1000, reports: await readdir(reports) };
};

describe('entando-chaos run', () => {
  it('refuses a --scenario that matches nothing, naming it and the scenarios there are, and runs nothing', async () => {
    const { exitCode, stderr, reports } = await chaos(['run', '--scenario', 'nosuch']);
    expect(exitCode).toBe(2);
    expect(stderr).toContain('--scenario "nosuch" matches no scenario; there are: clustered-instance, pod-deletion, process-kill');
    expect(reports).toEqual([]);
  }, 60_000);

  it('prints the plan of a dry run and exits 0 in seconds, starting nothing', async () => {
    const { exitCode, stdout, seconds, reports } = await chaos(['run', '--scenario', 'process-kill', '--dry-run']);
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/^Dry run: 2 case\(s\) on the embedded target \(Docker\); nothing is started or injected\./);
    expect(stdout).toContain('process-kill.naive-lb: Process kill, naive load balancer (negative control), expected invalid');
    expect(stdout).toContain('fault:   kill-process: kill -9 of the server process in the instance that last answered the private window');
    expect(stdout).toContain('"maxP99Ms":1000');
    expect(reports).toEqual([]);
    // Generous for a loaded 2-core machine; the 146 s the issue measured was a dry run that started targets.
    expect(seconds).toBeLessThan(30);
  }, 60_000);

  it('puts every case under --load in a dry run, and refuses a rate it cannot read by name', async () => {
    const planned = await chaos(['run', '--scenario', 'process-kill', '--dry-run', '--load', '450/s']);
    expect(planned.exitCode).toBe(0);
    expect(planned.stdout).toContain('  load:    450 requests/s (Vegeta)');
    expect(planned.stdout).toContain('judged by {"channels":["load"],"maxFailed":0,"maxP99Ms":1000}');
    const refused = await chaos(['run', '--dry-run', '--load', 'lots']);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('--load must be a whole number of requests a second from 1 to 5000, like 300/s, got "lots"');
    expect(refused.reports).toEqual([]);
  }, 60_000);
});
