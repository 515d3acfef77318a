// The steady state a step starts from: every instance renders the home page, directly and
// within the channels' slow limit. A fresh App Engine instance is "ready" (its health endpoint
// answers) seconds before its first render, which compiles the page's JSP: measured here, at
// 5 s of timed-out renders right after a start. Without this, that start-up cost would be
// charged to whichever fault came next. The time each instance took is logged: it is a figure
// of the application too.
import { CHANNEL_DEFAULTS } from '../helpers/probes/channel.js';
import { log } from '../helpers/log/log.js';
import { getText } from '../helpers/suite/get-text.js';
import type { StartedTarget } from '../helpers/targets/target.js';
import { waitFor } from '../helpers/wait/wait-for.js';

export async function warmUp(target: StartedTarget): Promise<void> {
  const { contextPath, renderMarker } = target.endpoints;
  for (const instance of await target.instances()) {
    const url = `${await target.instanceUrl(instance.name)}${contextPath}/`;
    const started = performance.now();
    await waitFor(
      `${instance.name} to render the home page within ${CHANNEL_DEFAULTS.slowMs} ms`,
      async () => {
        const asked = performance.now();
        const page = await getText(url, {}, { timeoutMs: CHANNEL_DEFAULTS.timeoutMs }).catch((error: Error) => ({ status: 0, text: error.message }));
        const ms = performance.now() - asked;
        return { done: page.status === 200 && page.text.includes(renderMarker) && ms <= CHANNEL_DEFAULTS.slowMs, state: `HTTP ${page.status} in ${ms.toFixed(0)} ms` };
      },
      { timeoutMs: target.startupTimeoutMs, intervalMs: 250 },
    );
    const took = performance.now() - started;
    if (took > CHANNEL_DEFAULTS.slowMs) log.info(`${instance.name} rendered its home page within ${CHANNEL_DEFAULTS.slowMs} ms after ${(took / 1000).toFixed(1)} s of warm-up`);
  }
}
