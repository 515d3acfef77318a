// The kind path of healing an interrupted node termination, with a real Docker container standing
// in for a kind node (labelled as kind labels its nodes, never started) and the fake API server
// answering for the cluster: the next target start must start it and wait for its node.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect, inject, it } from 'vitest';
import { docker } from '../../docker/docker-cli.js';
import { FakeKubeApi, node, pod } from './fake-kube-api.js';
import { KubernetesTarget } from './kubernetes-target.js';

const nodeName = `fake-worker-${process.pid}`;
let api: FakeKubeApi;
let ingress: Server;

beforeEach(async () => {
  await docker(['create', '--name', nodeName, '--label', 'io.x-k8s.kind.cluster=fake', inject('images').redis]);
  api = new FakeKubeApi({
    pods: [pod('reference-app-a', nodeName)],
    nodes: [node(nodeName)],
    deployments: { 'reference-app': { replicas: 1 } },
    secrets: { 'reference-app-credentials': Object.fromEntries(['clientId', 'clientSecret', 'adminPassword'].map((key) => [key, Buffer.from('x').toString('base64')])) },
    logs: {},
  });
  ingress = createServer((_req, res) => res.end('{"status":"UP"}'));
  await new Promise<void>((resolve) => ingress.listen(0, '127.0.0.1', resolve));
});

afterEach(async () => {
  await docker(['rm', '--force', nodeName]).catch(() => {});
  await api.stop();
  await new Promise((resolve) => ingress.close(resolve));
});

it('starts a kind node container that an interrupted node termination left stopped (fake API server for the cluster)', async () => {
  expect(await docker(['inspect', '--format', '{{.State.Running}}', nodeName])).toBe('false');
  await new KubernetesTarget()
    .withKubeConfig(await api.start('kind-fake'))
    .withIngressUrl(`http://127.0.0.1:${(ingress.address() as AddressInfo).port}`)
    .start();
  expect(await docker(['inspect', '--format', '{{.State.Running}}', nodeName])).toBe('true');
});
