// A stand-in for the Kubernetes API server at its HTTP boundary, for testing the Kubernetes
// target's logic where no cluster can run (these machines, until the offline kind cluster
// exists). It answers the few REST calls the target makes, from an in-memory state, and
// records every request. It is not Kubernetes: tests using it say so in their names.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { KubeConfig, type V1ConfigMap, type V1EnvVar, type V1Ingress, type V1Node, type V1Pod, type V1Service } from '@kubernetes/client-node';

export interface FakeState {
  pods: V1Pod[];
  nodes: V1Node[];
  /** env: the first container's; annotations: the pod template's. A replace keeps both. */
  deployments: Record<string, { replicas: number; env?: V1EnvVar[]; annotations?: Record<string, string> }>;
  secrets: Record<string, Record<string, string>>;
  logs: Record<string, string>;
  services?: Record<string, V1Service>;
  ingresses?: Record<string, V1Ingress>;
  configMaps?: Record<string, V1ConfigMap>;
  /** Requests answered with a 500, as "PUT /path". */
  failing?: string[];
  /** What a command run in a pod's container prints, and its exit code; undefined: no such pod (404). */
  exec?: (pod: string, container: string, command: string[]) => ExecAnswer | undefined;
}

export interface ExecAnswer {
  stdout?: string;
  stderr?: string;
  exitCode?: number;
}

/** One unmasked WebSocket frame, as a server sends it (RFC 6455 section 5.2). */
function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header = length < 126 ? Buffer.from([0x80 | opcode, length]) : Buffer.alloc(length < 65_536 ? 4 : 10);
  if (length >= 126 && length < 65_536) {
    header.set([0x80 | opcode, 126]);
    header.writeUInt16BE(length, 2);
  } else if (length >= 65_536) {
    header.set([0x80 | opcode, 127]);
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

export function pod(name: string, node: string, options: { ready?: boolean; restarts?: number; labels?: Record<string, string> } = {}): V1Pod {
  return {
    metadata: { name, namespace: 'entando', labels: options.labels ?? { 'app.kubernetes.io/name': 'reference-app' } },
    spec: { nodeName: node, containers: [{ name: 'app' }] },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: options.ready === false ? 'False' : 'True' }],
      containerStatuses: [{ name: 'app', restartCount: options.restarts ?? 0, ready: options.ready !== false, image: 'x', imageID: 'x' }],
    },
  };
}

export function node(name: string, ready = true): V1Node {
  return { metadata: { name }, status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', reason: ready ? 'KubeletReady' : 'NodeStatusUnknown' }] } };
}

const matchesSelector = (labels: Record<string, string> = {}, selector: string | null) =>
  !selector || selector.split(',').every((term) => {
    const [key, value] = term.split('=');
    return labels[key!] === value;
  });

export class FakeKubeApi {
  readonly requests: { method: string; path: string; body?: unknown }[] = [];
  private server?: Server;
  private readonly sockets = new Set<Duplex>();

  constructor(readonly state: FakeState) {}

  /** Serves on 127.0.0.1; the kubeconfig's cluster entry is named `cluster` ("kind-x" passes for a kind cluster). */
  async start(cluster = 'fake'): Promise<KubeConfig> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex) => this.exec(req, socket));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const port = (this.server.address() as AddressInfo).port;
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: cluster, server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
      users: [{ name: 'tester', token: 'fake-token' }],
      contexts: [{ name: 'kind-fake', cluster, user: 'tester' }],
      currentContext: 'kind-fake',
    });
    return kc;
  }

  stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private send(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' }).end(typeof body === 'string' ? body : JSON.stringify(body));
  }

  /**
   * Pod exec as the API server answers it: a WebSocket on the v4 channel protocol, stdout on
   * channel 1, stderr on 2, and the exit status on 3 before the close.
   */
  private exec(req: IncomingMessage, socket: Duplex) {
    // Upgraded sockets are the server's no more: stop() ends those a client left open.
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('end', () => socket.destroy());
    socket.on('error', () => {});
    const url = new URL(req.url ?? '/', 'http://fake');
    this.requests.push({ method: 'GET', path: `${url.pathname}${url.search}` });
    const m = /^\/api\/v1\/namespaces\/[^/]+\/pods\/([^/]+)\/exec$/.exec(url.pathname);
    const answer = m ? this.state.exec?.(m[1]!, url.searchParams.get('container') ?? '', url.searchParams.getAll('command')) : undefined;
    if (!answer) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: v4.channel.k8s.io\r\n\r\n`);
    const exitCode = answer.exitCode ?? 0;
    const status = exitCode === 0 ? { status: 'Success' } : { status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] } };
    const channels: [number, string][] = [[1, answer.stdout ?? ''], [2, answer.stderr ?? ''], [3, JSON.stringify(status)]];
    for (const [channel, text] of channels) if (text) socket.write(frame(0x2, Buffer.concat([Buffer.from([channel]), Buffer.from(text)])));
    socket.end(frame(0x8, Buffer.from([0x03, 0xe8])));
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = raw ? JSON.parse(raw) : undefined;
    this.requests.push({ method: req.method ?? 'GET', path: `${url.pathname}${url.search}`, body });
    if (this.state.failing?.includes(`${req.method} ${url.pathname}`)) return this.send(res, 500, { kind: 'Status', code: 500, message: 'injected failure' });
    const notFound = () => this.send(res, 404, { kind: 'Status', code: 404, message: `${url.pathname} not found` });
    const s = this.state;
    let m: RegExpExecArray | null;
    if ((m = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(url.pathname))) {
      return this.send(res, 200, { items: s.pods.filter((p) => matchesSelector(p.metadata?.labels, url.searchParams.get('labelSelector'))) });
    }
    if ((m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/eviction$/.exec(url.pathname))) {
      const found = s.pods.find((p) => p.metadata?.name === m![2]);
      if (!found) return notFound();
      s.pods = s.pods.filter((p) => p !== found);
      return this.send(res, 201, { kind: 'Status', status: 'Success' });
    }
    if ((m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/log$/.exec(url.pathname))) {
      const text = s.logs[m[2]!];
      return text === undefined ? notFound() : this.send(res, 200, text);
    }
    if ((m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)$/.exec(url.pathname))) {
      const found = s.pods.find((p) => p.metadata?.name === m![2]);
      if (!found) return notFound();
      if (req.method === 'DELETE') {
        s.pods = s.pods.filter((p) => p !== found);
        return this.send(res, 200, found);
      }
      return this.send(res, 200, found);
    }
    if (url.pathname === '/api/v1/nodes') return this.send(res, 200, { items: s.nodes });
    if ((m = /^\/api\/v1\/nodes\/([^/]+)$/.exec(url.pathname))) {
      const found = s.nodes.find((n) => n.metadata?.name === m![1]);
      if (!found) return notFound();
      if (req.method === 'PUT') Object.assign(found, body);
      return this.send(res, 200, found);
    }
    if ((m = /^\/api\/v1\/namespaces\/([^/]+)\/secrets\/([^/]+)$/.exec(url.pathname))) {
      const data = s.secrets[m[2]!];
      return data ? this.send(res, 200, { metadata: { name: m[2] }, data }) : notFound();
    }
    if ((m = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/deployments\/([^/]+)(\/scale)?$/.exec(url.pathname))) {
      const deployment = s.deployments[m[2]!];
      if (!deployment) return notFound();
      if (m[3] && req.method === 'PUT') deployment.replicas = body.spec.replicas;
      if (!m[3] && req.method === 'PUT') {
        deployment.env = body.spec.template.spec.containers[0].env;
        deployment.annotations = body.spec.template.metadata?.annotations;
      }
      const meta = { name: m[2], namespace: m[1] };
      const status = { observedGeneration: 1, replicas: deployment.replicas, updatedReplicas: deployment.replicas, availableReplicas: deployment.replicas };
      return this.send(res, 200, m[3]
        ? { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: meta, spec: { replicas: deployment.replicas } }
        : {
            metadata: { ...meta, generation: 1 },
            spec: {
              replicas: deployment.replicas,
              selector: {},
              template: { metadata: { annotations: deployment.annotations }, spec: { containers: [{ name: 'app', env: deployment.env, resources: { requests: { cpu: '250m' } } }] } },
            },
            status,
          });
    }
    // Services, ConfigMaps and Ingresses: read and replaced whole.
    if ((m = /^\/api\/v1\/namespaces\/[^/]+\/(services|configmaps)\/([^/]+)$|^\/apis\/networking\.k8s\.io\/v1\/namespaces\/[^/]+\/ingresses\/([^/]+)$/.exec(url.pathname))) {
      const store = (m[1] === 'services' ? s.services : m[1] === 'configmaps' ? s.configMaps : s.ingresses) as Record<string, unknown> | undefined;
      const name = m[2] ?? m[3]!;
      if (!store?.[name]) return notFound();
      if (req.method === 'PUT') store[name] = body;
      return this.send(res, 200, store[name]);
    }
    return notFound();
  }
}
