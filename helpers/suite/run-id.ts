// The id of this run (one `npm start` or `npm test`): every result it saves carries it, and the
// report, summary and exit code are built from the results that carry it, so a file an earlier
// run left can never be counted. Set once per process tree: the command sets it before vitest
// starts, and vitest's own processes read it from the environment.
import { newRunId } from '../docker/labels.js';
import { envVar } from './environment.js';

export const newSuiteRunId = () => newRunId({ prefix: 'run', bytes: 3 });

/** This process tree's run id, made on first use when the command did not set one. */
export function suiteRunId(env: NodeJS.ProcessEnv = process.env): string {
  const id = envVar('CHAOS_RUN_ID', env) ?? newSuiteRunId();
  env.CHAOS_RUN_ID = id;
  return id;
}
