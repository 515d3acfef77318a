// What a run would do, in words, from the catalog alone: the target, each case's layout, its
// fault and what the fault would hit, and the SLO in force. `run --dry-run` prints it and
// starts nothing, so a gate's configuration can be checked in seconds.
import { loadSlo, sloFor } from '../checkers/slo.js';
import { seconds } from '../checkers/format.js';
import { appLayout, DEFAULT_TOPOLOGY, layoutSummary, resolveTopology, type TopologyOptions } from '../targets/topology.js';
import { envVar } from './environment.js';
import type { FaultPlan, ScenarioCase } from './catalog.js';
import type { TargetKind } from './target-kind.js';
import { loadRate } from './load-targets.js';

const VICTIMS = {
  'session-instance': 'the instance the logged-in user (session channel) is on',
  'served-the-create': 'the instance whose log holds the request id of the page creation',
  'incognito-instance': 'the instance that last answered the private window (incognito channel)',
  'node-of-incognito-instance': 'the node of the instance that last answered the private window',
  'node-of-every-instance': 'the one node every instance is on',
} as const;

function describeFault(plan: FaultPlan): string {
  switch (plan.fault) {
    case 'scale':
      return `scale to ${plan.steps.join(', then ')} instances`;
    case 'delete-instance':
      return `delete-instance of ${VICTIMS[plan.victim]} (SIGTERM, then SIGKILL after ${seconds(plan.gracePeriodMs ?? DEFAULT_TOPOLOGY.gracePeriodMs)})`;
    case 'kill-process':
      return `kill-process: kill -9 of the server process in ${VICTIMS[plan.victim]}`;
    case 'terminate-node':
      return `terminate-node of ${VICTIMS[plan.victim]} (every container on it killed at once)`;
    case 'kill-redis-master':
      return 'kill-redis-master: the Redis master the sentinels name (or the one-node Redis), killed, then started again';
    case 'restart-database':
      return 'restart-database: PostgreSQL stopped and started';
    case 'none':
      return 'no fault: the layout is the experiment';
  }
}

/** The layout in the embedded target's words; on a cluster, what configure() changes. */
export function describeLayout(topology: Partial<TopologyOptions>, target: TargetKind): string {
  const changed = Object.entries(topology).map(([key, value]) => `${key} ${JSON.stringify(value)}`);
  if (target === 'kind') return `the cluster's application${changed.length ? `, reconfigured: ${changed.join(', ')}` : ' as deployed'}`;
  const t = resolveTopology(DEFAULT_TOPOLOGY, topology);
  return `${layoutSummary(t)}${t.startDelayMs ? `; instances start after ${seconds(t.startDelayMs)}` : ''}`;
}

/** What an assessment judges: the application as it is deployed, never reconfigured. */
function assessedLayout(target: TargetKind, env: NodeJS.ProcessEnv): string {
  if (target === 'kind') return "the cluster's application as deployed (not reconfigured); a step it cannot take is reported not applicable, with the reason";
  const t = resolveTopology(DEFAULT_TOPOLOGY, appLayout(envVar('CHAOS_APP', env)));
  return `${layoutSummary(t)}, as it deploys (not reconfigured); a step it cannot take is reported not applicable, with the reason`;
}

export function describePlan(cases: ScenarioCase[], target: TargetKind, env: NodeJS.ProcessEnv = process.env, assessment = false): string {
  const where = target === 'kind' ? 'kind cluster (CHAOS_TARGET=kind)' : 'embedded target (Docker)';
  const lines = [`Dry run: ${assessment ? `assessment, ${cases.length} guide step(s)` : `${cases.length} case(s)`} on the ${where}; nothing is started or injected.`];
  for (const c of cases) {
    const fault = assessment && c.plan.fault === 'scale' ? 'scale to one instance more than are deployed; put back after the step' : describeFault(c.plan);
    lines.push(
      '',
      assessment ? `${c.id}: ${c.title}` : `${c.id}: ${c.title}, expected ${c.expect}`,
      `  layout:  ${assessment ? assessedLayout(target, env) : describeLayout(c.topology, target)}`,
      `  fault:   ${fault}`,
      `  SLO:     ${JSON.stringify(sloFor(c.scenario, env))}`,
    );
    const rate = loadRate(c.load?.ratePerSecond, target, env);
    if (rate) lines.push(`  load:    ${rate} requests/s (Vegeta) over the page, a guest API read where there is one, a signed-in page and a sign-in; judged by ${JSON.stringify(loadSlo(sloFor(c.scenario, env)))}`);
    if (c.premise) lines.push(`  premise: an outage on ${c.premise.outageOn} during the fault; without one the control proves nothing and says so`);
  }
  return lines.join('\n');
}
