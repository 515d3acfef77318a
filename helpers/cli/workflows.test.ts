// The release gate as a caller meets it: its workflow passes actionlint, and the command it runs
// is the assessment, which on an operator-owned application (the entando profile) turns no
// switch: its dry run plans the guide's steps, no negative control and no reconfiguration.
import { existsSync, readFileSync } from 'node:fs';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../paths.js';

const GATE = `${PROJECT_ROOT}.github/workflows/release-gate.yml`;
const ACTIONLINT = `${PROJECT_ROOT}.tools/bin/actionlint`;

type Step = { name?: string; run?: string; env?: Record<string, string> };

/** actionlint as .ci/run builds it (same version, read from there), built here when missing. */
async function actionlint(): Promise<string> {
  if (!existsSync(ACTIONLINT)) {
    const version = /^ACTIONLINT_VERSION=(\S+)$/m.exec(readFileSync(`${PROJECT_ROOT}.ci/run`, 'utf8'))?.[1];
    if (!version) throw new Error('.ci/run names no ACTIONLINT_VERSION');
    await execa('go', ['install', `github.com/rhysd/actionlint/cmd/actionlint@${version}`], { env: { GOBIN: `${PROJECT_ROOT}.tools/bin` } });
  }
  return ACTIONLINT;
}

describe('the release gate workflow', () => {
  const steps: Step[] = (parse(readFileSync(GATE, 'utf8')) as { jobs: { gate: { steps: Step[] } } }).jobs.gate.steps;
  const gateStep = steps.find((s) => s.run?.includes('npm start'));

  it('passes actionlint', async () => {
    const result = await execa(await actionlint(), [GATE], { reject: false, cwd: PROJECT_ROOT });
    expect(result.stdout, result.stdout).toBe('');
    expect(result.exitCode).toBe(0);
  }, 300_000);

  it('runs the assessment on the kind cluster, with the profile the caller chose', () => {
    expect(gateStep?.run).toMatch(/^\s*npm start -- --assess\s*$/m);
    expect(gateStep?.env).toMatchObject({ CHAOS_TARGET: 'kind', CHAOS_PROFILE: '${{ inputs.profile }}' });
  });

  it('plans, on the entando profile, the guide steps only: no negative control, nothing reconfigured', async () => {
    const command = /npm start -- (.*)$/m.exec(gateStep?.run ?? '')?.[1]?.trim().split(/\s+/) ?? [];
    const { exitCode, stdout, stderr } = await execa('node', ['--import', 'tsx', `${PROJECT_ROOT}helpers/cli/entando-chaos.ts`, 'run', ...command, '--dry-run'], {
      reject: false,
      cwd: PROJECT_ROOT,
      env: { CHAOS_TARGET: 'kind', CHAOS_PROFILE: 'entando' },
    });
    expect(exitCode, stderr).toBe(0);
    expect(stdout).toMatch(/^Dry run: assessment, 8 guide step\(s\) on the kind cluster/);
    expect(stdout).not.toMatch(/negative control|reconfigured:|expected invalid/);
    expect(stdout.match(/^ {2}layout: {2}the cluster's application as deployed \(not reconfigured\)/gm)).toHaveLength(8);
  }, 60_000);
});
