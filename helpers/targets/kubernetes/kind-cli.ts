// The kind CLI, found or built (Go, pinned version, cached in .tools/bin), and what the suite
// asks of it besides creating clusters.
import { execa } from 'execa';
import { log } from '../../log/log.js';
import { PROJECT_ROOT } from '../../paths.js';

export const CLUSTER_NAME = 'entando-chaos';
export const KIND_VERSION = 'v0.33.0';
const TOOLS_BIN = `${PROJECT_ROOT}.tools/bin`;

/** The kind CLI: on the PATH, in .tools/bin, or built there with Go at a pinned version. */
export async function kindBinary(): Promise<string> {
  for (const candidate of ['kind', `${TOOLS_BIN}/kind`]) {
    try {
      await execa(candidate, ['version']);
      return candidate;
    } catch {
      // try the next one
    }
  }
  log.info(`kind is not installed; building sigs.k8s.io/kind@${KIND_VERSION} with Go into ${TOOLS_BIN}`);
  try {
    await execa('go', ['install', `sigs.k8s.io/kind@${KIND_VERSION}`], { env: { GOBIN: TOOLS_BIN } });
  } catch (error) {
    throw new Error(`kind is missing and could not be built with Go (${(error as Error).message.split('\n')[0]}); install kind ${KIND_VERSION}`);
  }
  return `${TOOLS_BIN}/kind`;
}


/** `kind export logs` for evidence after a failure. */
export async function exportKindLogs(cluster: string, dir: string): Promise<void> {
  await execa(await kindBinary(), ['export', 'logs', dir, '--name', cluster]);
}
