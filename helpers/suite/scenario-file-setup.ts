// A setup file of the scenario projects: each test file's end removes the infrastructure its
// scenarios shared (target-pool.ts), so that none outlives the file's process, and lets go of
// the cores it kept to itself (cpu-share.ts).
import { afterAll } from 'vitest';
import { letGoOfCpu } from './cpu-share.js';
import { drainTargetPool } from './target-pool.js';

afterAll(() => Promise.all([drainTargetPool(), letGoOfCpu()]));
