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
