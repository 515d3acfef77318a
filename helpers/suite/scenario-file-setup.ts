// A setup file of the scenario projects: at each test file's end, the cores it kept to itself
// are let go (cpu-share.ts) and, unless the process starts another file soon, the targets its
// scenarios left idle are removed (target-pool.ts).
import { afterAll, beforeAll } from 'vitest';
import { letGoOfCpu } from './cpu-share.js';
import { drainTargetPoolWhenIdle, keepTargetPool } from './target-pool.js';

beforeAll(keepTargetPool);
afterAll(async () => {
  drainTargetPoolWhenIdle();
  await letGoOfCpu();
});
