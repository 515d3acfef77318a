// Before the scenarios of one run: the previous run's results, plots, journals and reports move
// to reports/previous/ (kept, not mixed in), and the run's id is handed to the test processes.
// After them: the embedded targets the test processes kept idle to the end are removed.
import { mkdir, rename, rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { REPORTS_DIR } from '../paths.js';
import { removeRunsOfExitedProcesses } from '../targets/local-docker/cleanup.js';
import { suiteRunId } from './run-id.js';
import { targetKind } from './target-kind.js';

declare module 'vitest' {
  export interface ProvidedContext {
    runId: string;
  }
}

const ARTEFACTS = ['results', 'plots', 'journals', 'frames', 'evidence', 'report.html', 'summary.md', 'run.json'];

async function movePreviousRunAside(dir = REPORTS_DIR) {
  const previous = `${dir}/previous`;
  await rm(previous, { recursive: true, force: true });
  await mkdir(previous, { recursive: true });
  for (const name of ARTEFACTS) {
    await rename(`${dir}/${name}`, `${previous}/${name}`).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
}

export default async function setup(project: TestProject) {
  const runId = suiteRunId();
  // Once per run: the scenarios and the assessment both set up with this, in one process.
  if (process.env.ENTANDO_CHAOS_MOVED_ASIDE_FOR !== runId) {
    process.env.ENTANDO_CHAOS_MOVED_ASIDE_FOR = runId;
    await movePreviousRunAside();
  }
  project.provide('runId', runId);
  return async () => {
    if (targetKind() !== 'local-docker') return;
    await removeRunsOfExitedProcesses();
  };
}
