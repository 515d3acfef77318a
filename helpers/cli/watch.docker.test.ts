// `watch` as a person uses it: probing the embedded target from another process while an
// instance is stopped by hand with the docker CLI, then the outage windows and the report.
import { setTimeout as sleep } from 'node:timers/promises';
import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../paths.js';
import { localTarget } from '../suite/local-target.js';
import type { StartedLocalTarget } from '../targets/local-docker/started-local-target.js';

let target: StartedLocalTarget;

beforeAll(async () => {
  target = await localTarget().withReplicas(2).start();
});

afterAll(async () => {
  await target?.stop();
});

it('measures while an instance is stopped by hand, then prints the outage windows and writes the report', async () => {
  const url = `${target.endpoints.baseUrl}${target.endpoints.contextPath}/`;
  const watch = execa('npx', ['tsx', `${PROJECT_ROOT}helpers/cli/entando-chaos.ts`, 'watch', '--url', url, '--duration', '8s', '--marker', target.endpoints.renderMarker, '--browser', target.endpoints.browserMarker!], {
    cwd: PROJECT_ROOT,
    all: true,
  });
  await sleep(4_000);
  const [victim] = await target.instances();
  await execa('docker', ['stop', '--time', '10', victim!.name]);
  const { all, exitCode } = await watch;
  expect(exitCode).toBe(0);
  expect(all).toMatch(/watching http:\/\/127\.0\.0\.1:\d+\/entando-de-app\/ for 8\.00 s/);
  expect(all).toMatch(/Outage windows \(\d+\):/);
  expect(all).toMatch(/render on incognito: \d+ of \d+ requests served/);
  // The browser channel judged beside the HTTP ones (whole or not, depending on the stop's timing).
  expect(all).toMatch(/probing browser \(browser, every 1000 ms/);
  expect(all).toMatch(/browser on browser: \d+ of \d+ requests served|page failed to load in a browser/);
  const report = /Report: (\S+)/.exec(all)?.[1];
  expect(report && existsSync(report)).toBe(true);
});
