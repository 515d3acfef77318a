// Once per test run, before any file: refuse a bad environment variable, remove the runs whose
// lease expired, and resolve (or build offline) the images, so that files start targets without
// repeating the build.
import type { TestProject } from 'vitest/node';
import { removeExpiredRunsOnce } from '../targets/local-docker/cleanup.js';
import { ensureImages, type ImageSet } from '../targets/local-docker/images.js';
import { checkEnvironment } from './environment.js';

declare module 'vitest' {
  export interface ProvidedContext {
    images: ImageSet;
  }
}

export default async function setup(project: TestProject) {
  checkEnvironment();
  await removeExpiredRunsOnce();
  project.provide('images', await ensureImages());
}
