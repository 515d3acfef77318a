// A local port that reaches one pod directly, as `kubectl port-forward` does, so that a
// scenario can read from each instance bypassing the ingress.
import { createServer, type Server } from 'node:net';
import { PortForward, type KubeConfig } from '@kubernetes/client-node';

export async function forwardPort(kc: KubeConfig, namespace: string, pod: string, port: number): Promise<{ url: string; close: () => Promise<void> }> {
  const forward = new PortForward(kc);
  const server: Server = createServer((socket) => {
    forward.portForward(namespace, pod, [port], socket, null, socket).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const local = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${local}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
