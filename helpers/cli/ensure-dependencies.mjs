// Runs before `npm start` and `npm test` (npm's pre-scripts): installs the locked
// dependencies on a fresh clone, so that the README's two commands are the whole set-up.
// Plain JavaScript, because nothing else can run before the dependencies exist.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const installed = 'node_modules/.package-lock.json';
const stale = !existsSync(installed) || statSync(installed).mtimeMs < statSync('package-lock.json').mtimeMs;
if (stale) {
  process.stderr.write('installing the locked dependencies (npm ci)\n');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
}
