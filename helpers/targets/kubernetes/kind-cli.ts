// The kind CLI, found or built (Go, pinned version, cached in .tools/bin), and what the suite
// asks of it besides creating clusters.
import { execa, type Options, type Result } from 'execa';
import { log } from '../../log/log.js';
import { PROJECT_ROOT } from '../../paths.js';
import { kindEnvironment } from './restricted-docker.js';

export const CLUSTER_NAME = 'entando-chaos';
export const KIND_VERSION = 'v0.33.0';
// kind v0.33.0's default node image; the offline build stands in where it cannot be pulled.
export const KIND_NODE_IMAGE = 'kindest/node:v1.37.0@sha256:a1ed56cfb0e7b93589bdf97c8cd566405a265939e3620fc4f5de89adff580ae5';
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


/** Runs kind, through the Docker stand-in where this engine cannot run privileged containers. */
export async function kind(args: string[], options: Options = {}): Promise<Result> {
  return execa(await kindBinary(), args, { ...options, env: { ...options.env, ...(await kindEnvironment()) } });
}

/** `kind export logs` for evidence after a failure. */
export async function exportKindLogs(cluster: string, dir: string): Promise<void> {
  await kind(['export', 'logs', dir, '--name', cluster]);
}
