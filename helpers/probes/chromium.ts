// Debian's chromium, driven by playwright-core: these machines have no internet, so Playwright's
// own browser download cannot work; the distribution's package can be installed from the mirror.
import { fileURLToPath } from 'node:url';
import { execaSync } from 'execa';
import { chromium, type Browser } from 'playwright-core';
import { envVar } from '../suite/environment.js';

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

/** CHAOS_CHROMIUM, else where `command -v chromium` finds it, looked up once. */
export function chromiumPath(): string {
  executable ??= envVar('CHAOS_CHROMIUM') ?? execaSync('sh', ['-c', 'command -v chromium'], { reject: false }).stdout.trim();
  if (!executable) throw new Error(`no chromium on PATH (${process.env.PATH ?? ''}): the browser channel drives Debian's chromium; install it with \`apt-get install chromium\`, or name another with CHAOS_CHROMIUM`);
  return executable;
}

// As root, Chromium raises its display threads to nice -8 (seen with ps), above the suite's probes
// and the application under test, which the browser channel's own process (nice 19) must yield
// to. Without CAP_SYS_NICE it cannot; a user who is not root never could. And Playwright's
// detached launch gives it an autogroup of its own, whose weight the wrapper lowers (nice 10).
const LOW_PRIORITY = fileURLToPath(new URL('./chromium-low-priority.sh', import.meta.url));

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: LOW_PRIORITY,
    env: { ...process.env, CHROMIUM: chromiumPath() },
    args: CHROMIUM_ARGS,
    headless: true,
  });
}

/** One Chromium for the visits of one channel after another: launched when first asked for, and again after it went away. */
export class ChromiumHolder {
  private browser?: Browser;
  /** A launch in progress (the first, or after the browser crashed); never two at once. */
  private launching?: Promise<Browser>;

  /** The browser, launching it when it is not up. */
  get(): Promise<Browser> {
    if (this.browser?.isConnected()) return Promise.resolve(this.browser);
    this.launching ??= launchChromium().then(
      (browser) => {
        this.browser = browser;
        this.launching = undefined;
        return browser;
      },
      (error: Error) => {
        this.launching = undefined;
        throw error;
      },
    );
    return this.launching;
  }

  /** The browser when it is up; else undefined, and it is being launched again. */
  current(): Browser | undefined {
    if (this.browser?.isConnected()) return this.browser;
    this.get().catch(() => {});
    return undefined;
  }

  async close(): Promise<void> {
    const browser = this.browser ?? (await this.launching?.catch(() => undefined));
    this.browser = undefined;
    await browser?.close();
  }
}
