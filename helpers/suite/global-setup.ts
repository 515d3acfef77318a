// Once per test run, before any file: remove what interrupted runs left, and resolve (or
// build offline) the images, so that files start targets without repeating either.
import type { TestProject } from 'vitest/node';
import { removeInterruptedRuns } from '../targets/local-docker/cleanup.js';
import { ensureImages, type ImageSet } from '../targets/local-docker/images.js';

declare module 'vitest' {
  export interface ProvidedContext {
    images: ImageSet;
  }
}

export default async function setup(project: TestProject) {
  await removeInterruptedRuns();
  project.provide('images', await ensureImages());
}
