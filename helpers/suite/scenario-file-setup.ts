// A setup file of the scenario projects: at each test file's end, the cores it kept to itself
// are let go (cpu-share.ts).
import { afterAll } from 'vitest';
import { letGoOfCpu } from './cpu-share.js';

afterAll(letGoOfCpu);
