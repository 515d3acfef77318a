// A command in a pod's container, its output collected: Kubernetes' exec over websocket.
import { Writable } from 'node:stream';
import { Exec, type KubeConfig } from '@kubernetes/client-node';

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

function collector() {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

export async function execInPod(kc: KubeConfig, namespace: string, pod: string, container: string, command: string[]): Promise<ExecResult> {
  const out = collector();
  const err = collector();
  const exitCode = await new Promise<number>((resolve, reject) => {
    new Exec(kc)
      .exec(namespace, pod, container, command, out.stream, err.stream, null, false, (status) => {
        const code = status.status === 'Success' ? 0 : Number(status.details?.causes?.find((c) => c.reason === 'ExitCode')?.message ?? 1);
        resolve(code);
      })
      .catch(reject);
  });
  return { exitCode, stdout: out.text(), stderr: err.text() };
}

/**
 * Finds the application process in a container without ps (not every image has it): the
 * lowest pid whose command line matches. Prints "pid cmdline" lines.
 */
export const FIND_PROCESS_SCRIPT =
  'for d in /proc/[0-9]*; do p=${d#/proc/}; c=$(tr "\\0" " " < $d/cmdline 2>/dev/null); [ -n "$c" ] && echo "$p $c"; done';

export function pickProcess(listing: string, pattern: RegExp): { pid: number; cmdline: string } | undefined {
  return listing
    .split('\n')
    .map((line) => /^(\d+) (.*)$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null && pattern.test(m[2]!) && !m[2]!.includes('/proc/'))
    .map((m) => ({ pid: Number(m[1]), cmdline: m[2]!.trim() }))
    .sort((a, b) => a.pid - b.pid)[0];
}
