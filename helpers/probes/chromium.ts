// Debian's chromium, driven by playwright-core: these machines have no internet, so Playwright's
// own browser download cannot work; the distribution's package can be installed from the mirror.
import { execaSync } from 'execa';
import { chromium, type Browser } from 'playwright-core';

// It runs as root (Chromium's sandbox refuses root) on a closed network, where Chromium's own
// background connections (updates, sync, field trials, QUIC) are refused many at a time and
// would compete with the visits for the same two cores.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

let executable: string | undefined;

/** Where `command -v chromium` finds it, looked up once. */
export function chromiumPath(): string {
  executable ??= execaSync('sh', ['-c', 'command -v chromium'], { reject: false }).stdout.trim();
  if (!executable) throw new Error(`no chromium on PATH (${process.env.PATH ?? ''}): the browser channel drives Debian's chromium; install it with \`apt-get install chromium\``);
  return executable;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
}
