// `entando-chaos run` (npm start): the main job. Runs every scenario against the embedded
// target (or the cluster CHAOS_TARGET names) through vitest, prints the verdict table and
// writes the reports; exits 0 only if every scenario holds.
import { startVitest } from 'vitest/node';
import { log } from '../log/log.js';
import { loadResults } from '../report/scenario-result.js';
import { parse } from './args.js';

export async function run(argv: string[]) {
  const flags = parse(argv, { scenario: { type: 'string', multiple: true }, 'dry-run': { type: 'boolean' } });
  if (flags['dry-run']) {
    process.env.CHAOS_DRY_RUN = '1';
    log.info('dry run: every fault is printed, none is injected; the verdicts that follow mean nothing');
  }
  const started = performance.now();
  const vitest = await startVitest('test', flags.scenario ?? [], { project: ['scenarios'], watch: false });
  const failedFiles = vitest.state.getFiles().filter((file) => file.result?.state === 'fail');
  await vitest.close();
  const results = await loadResults();
  const broken = results.filter((r) => !r.holds);
  log.info(
    `${results.length - broken.length} of ${results.length} scenarios hold; ${failedFiles.length} scenario file(s) failed; ` +
      `${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  if (flags['dry-run']) return;
  if (results.length === 0 || broken.length > 0 || failedFiles.length > 0 || vitest.state.getCountOfFailedTests() > 0) {
    process.exitCode = 1;
  }
}
