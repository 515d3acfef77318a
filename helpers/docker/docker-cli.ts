// The docker CLI through execa, for what testcontainers does not cover (pull, import, build,
// pause, kill with a signal) and for cleanup, which must work without any handle.
import { execa, type Options } from 'execa';

export class DockerError extends Error {
  override name = 'DockerError';
}

export async function docker(args: string[], options: Options = {}): Promise<string> {
  try {
    const result = await execa('docker', args, { env: { DOCKER_BUILDKIT: '0' }, ...options });
    return String(result.stdout).trim();
  } catch (error) {
    const e = error as { shortMessage?: string; stderr?: string };
    const detail = String(e.stderr ?? '').trim().split('\n').slice(-3).join(' | ');
    throw new DockerError(`docker ${args.slice(0, 3).join(' ')} failed: ${detail || e.shortMessage}`, { cause: error });
  }
}

export async function dockerReachable(): Promise<boolean> {
  try {
    await docker(['info', '--format', '{{.ServerVersion}}'], { timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

export async function imageExists(name: string): Promise<boolean> {
  try {
    await docker(['image', 'inspect', '--format', '{{.Id}}', name]);
    return true;
  } catch {
    return false;
  }
}

export async function imageId(name: string): Promise<string> {
  return docker(['image', 'inspect', '--format', '{{.Id}}', name]);
}

/** undefined when the image is here or was pulled; otherwise why it could not be pulled. */
export async function pullFailure(image: string): Promise<string | undefined> {
  if (await imageExists(image)) return undefined;
  try {
    await docker(['pull', '-q', image], { timeout: 120_000 });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
