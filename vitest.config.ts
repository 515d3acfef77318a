import { defineConfig } from 'vitest/config';
import { REPORTS_DIR } from './helpers/paths.js';
import { GC_FLAGS } from './helpers/probes/gc-flags.js';
import ScenarioSequencer from './helpers/suite/scenario-sequencer.js';
import { envVar } from './helpers/suite/environment.js';
import { targetKind } from './helpers/suite/target-kind.js';

// Five groups, run one after the other (sequence.groupOrder):
// - unit: pure logic, no Docker, files in parallel;
// - browser: helpers that drive Debian's chromium against a local server, one file at a time
//   (a browser takes most of two cores; beside the unit files it would skew their timings);
// - integration: helpers and the reference app against real containers, one file at a time;
// - scenarios: the guide's steps with faults: the self-test on the reference app, with its
//   negative controls;
// - assessment: the guide's steps on an application the suite does not own (CHAOS_APP, the
//   Entando 6.2 App Engine by default), deployed once.
// The scenarios and the assessment: one run's reports (scenarios-setup moves the previous run's
// aside once, whichever of the two starts). On the embedded target two files at a time: each
// scenario's faults hit its own run's containers only, and a scenario mostly waits (for a
// recovery, a budget), so two share the 2 cores (bench/main-job.ts, 22 of 22 verdicts the same
// either way). On a cluster faults are global, and under a run's load the load takes the CPU:
// one file at a time.
// A test process runs its files one after another without isolating them, so that what it
// keeps between scenarios (an idle target, target-pool.ts; loaded modules) serves its next file.
const SCENARIO_FILES_AT_ONCE = targetKind() === 'local-docker' && envVar('CHAOS_LOAD_RATE') === undefined ? 2 : 1;
const GUIDE_STEPS = {
  execArgv: GC_FLAGS,
  isolate: false,
  fileParallelism: SCENARIO_FILES_AT_ONCE > 1,
  maxWorkers: SCENARIO_FILES_AT_ONCE,
  globalSetup: ['helpers/suite/global-setup.ts', 'helpers/suite/scenarios-setup.ts'],
};

export default defineConfig({
  test: {
    sequence: { sequencer: ScenarioSequencer },
    // The scenario reporter writes the HTML report and summary from this run's results.
    reporters: ['default', ['junit', { outputFile: `${REPORTS_DIR}/junit.xml` }], './helpers/report/scenario-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['helpers/**/*.test.ts', 'fixtures/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['**/*.docker.test.ts', '**/*.browser.test.ts', '**/*.load.test.ts', '**/node_modules/**'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'browser',
          include: ['helpers/**/*.browser.test.ts', 'helpers/**/*.load.test.ts'],
          fileParallelism: false,
          testTimeout: 30_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'integration',
          execArgv: GC_FLAGS,
          include: ['helpers/**/*.docker.test.ts', 'fixtures/**/*.docker.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 600_000,
          globalSetup: ['helpers/suite/global-setup.ts'],
          sequence: { groupOrder: 2 },
        },
      },
      {
        test: {
          name: 'scenarios',
          ...GUIDE_STEPS,
          include: ['scenarios/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 600_000,
          setupFiles: ['helpers/suite/matchers.ts', 'helpers/suite/scenario-file-setup.ts'],
          sequence: { groupOrder: 3 },
        },
      },
      {
        test: {
          name: 'assessment',
          ...GUIDE_STEPS,
          include: ['assessment/**/*.test.ts'],
          // A step waits for App Engine instances that take minutes to start on 2 cores.
          testTimeout: 900_000,
          // The first run builds the engine's WAR and image before it starts.
          hookTimeout: 1_200_000,
          sequence: { groupOrder: 4 },
        },
      },
    ],
  },
});
