// Where the suite writes what it produces; one folder, so CI can upload it whole.
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { envVar } from './suite/environment.js';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const REPORTS_DIR = resolve(envVar('CHAOS_REPORTS_DIR') ?? `${PROJECT_ROOT}reports`);
