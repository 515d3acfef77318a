// One App Engine instance (a pod): the application's container (app-profiles.ts) with its
// settings from the topology, an init process as PID 1 and restart on crash.
import { withProgress } from '../../log/progress.js';
import { APP_PROFILES } from './app-profiles.js';
import { ChaosContainer } from './chaos-container.js';
import { dockerApi } from '../../docker/docker-api.js';
import { APP_ALIAS } from '../haproxy-config.js';
import { runLabels } from '../../docker/labels.js';
import type { RunContext } from './run-context.js';
import type { TopologyOptions } from '../topology.js';

export async function startAppInstance(ctx: RunContext, options: TopologyOptions, name: string, node: string) {
  const profile = APP_PROFILES[options.app];
  const starting = new ChaosContainer(ctx.images.app)
    .withName(name)
    .withHostname(name)
    .onNetwork(ctx.network)
    .withLabels(runLabels(ctx.runId, 'app', node))
    .withEnvironment(profile.environment(ctx, options, name))
    .withInit()
    .withRestartOnFailure()
    .withWaitStrategy(profile.ready())
    .withStartupTimeout(profile.startupTimeoutMs)
    .start();
  const container = await withProgress(`${name} on ${node}: waiting until it serves (at most ${profile.startupTimeoutMs / 1000} s)`, starting);
  // Ready: only now may the load balancer find it.
  await (await dockerApi()).getNetwork(ctx.serviceNetwork).connect({ Container: container.getId(), EndpointConfig: { Aliases: [APP_ALIAS] } });
  return container;
}
