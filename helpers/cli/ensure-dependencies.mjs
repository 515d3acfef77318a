// Runs before `npm start` and `npm test` (npm's pre-scripts): installs the locked
// dependencies on a fresh clone, and Debian's chromium for the browser channel, so that the
// README's two commands are the whole set-up.
// Plain JavaScript, because nothing else can run before the dependencies exist.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const installed = 'node_modules/.package-lock.json';
const stale = !existsSync(installed) || statSync(installed).mtimeMs < statSync('package-lock.json').mtimeMs;
if (stale) {
  process.stderr.write('installing the locked dependencies (npm ci)\n');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
}

// playwright-core downloads no browser (and these machines could not): it drives the
// distribution's. A failed install only warns: nothing but the browser channel needs it, and
// its tests then say how to install it.
// CHAOS_CHROMIUM names another Chromium or Chrome (GitHub's Ubuntu runners: its apt chromium is a snap stub).
if (!process.env.CHAOS_CHROMIUM && spawnSync('sh', ['-c', 'command -v chromium'], { stdio: 'ignore' }).status !== 0) {
  process.stderr.write("installing Debian's chromium for the browser channel (apt-get install -y chromium)\n");
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const aptGet = (...args) => {
    const [file, ...rest] = [...asRoot, 'apt-get', ...args];
    execFileSync(file, rest, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  };
  try {
    aptGet('update', '-q');
    aptGet('install', '-y', '-q', 'chromium');
  } catch (error) {
    process.stderr.write(`could not install chromium (${error.message.split('\n')[0]}); the browser channel will not run until \`apt-get install chromium\` does\n`);
  }
}

// Vegeta, the load channel's generator (helpers/load/vegeta.ts), pinned and built from the Go
// module proxy into .tools/bin once (about 80 s cold). Without Go the load channel cannot run,
// and only warns here: the load tests then say how to build it.
const VEGETA_MODULE = 'github.com/tsenart/vegeta/v12@v12.13.0';
const vegeta = '.tools/bin/vegeta';
if (!existsSync(vegeta)) {
  process.stderr.write(`building Vegeta for the load channel (go install ${VEGETA_MODULE})\n`);
  const built = spawnSync('go', ['install', VEGETA_MODULE], { stdio: 'inherit', env: { ...process.env, GOBIN: `${process.cwd()}/.tools/bin` } });
  if (built.status !== 0) process.stderr.write(`could not build Vegeta (${built.error?.message ?? `go exited with ${built.status}`}); the load channel will not run until \`GOBIN=$PWD/.tools/bin go install ${VEGETA_MODULE}\` does\n`);
}
