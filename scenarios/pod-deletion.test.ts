// Guide step "delete a pod": with 2 instances and probes running, one instance is deleted as
// `kubectl delete pod` does (SIGTERM, grace period). Users must not notice: no failed render
// in a private window, no lost login session; the target restores the instance.
import { describe, expect, it } from 'vitest';
import { availability } from '../helpers/checkers/availability.js';
import { recovery } from '../helpers/checkers/recovery.js';
import { sessionContinuity } from '../helpers/checkers/session-continuity.js';
import { sloFor } from '../helpers/checkers/slo.js';
import { deleteInstance } from '../helpers/faults/delete-instance.js';
import { startScenario } from '../helpers/suite/scenario.js';
import { suiteTarget } from '../helpers/suite/suite-target.js';
import type { TopologyOptions } from '../helpers/targets/topology.js';

const slo = sloFor('pod-deletion');

async function podDeletion(id: string, title: string, topology: Partial<TopologyOptions>, expect: 'valid' | 'invalid', gracePeriodMs = 10_000) {
  const target = await suiteTarget(topology);
  const run = await startScenario(target, { id, title, expect });
  await run.steadyState({ forMs: 2_000 });
  // The instance the logged-in user is on: its deletion is what a session must survive.
  const victim = await run.pickInstance('session');
  const fault = await run.inject(deleteInstance(victim, { gracePeriodMs }));
  await run.waitForRestored();
  await fault.heal();
  await run.observe({ forMs: 2_000 });
  return run.finish([availability(slo.availability), sessionContinuity(slo.session), recovery(slo.recovery)]);
}

describe('pod deletion', () => {
  it('keeps rendering and keeps the login session while an instance is deleted and replaced', async () => {
    const result = await podDeletion('pod-deletion', 'Pod deletion', { replicas: 2 }, 'valid');
    expect(result).toHold();
  });

  it('negative control, one replica: renders fail while the only instance is replaced', async () => {
    // A 1 s grace period: on Kubernetes a 10 s one lets the replacement become ready while the
    // deleted pod still drains, and one replica then loses nothing (seen on kind).
    const result = await podDeletion('pod-deletion.one-replica', 'Pod deletion, one replica (negative control)', { replicas: 1 }, 'invalid', 1_000);
    expect(result).toHold();
    expect(result.verdict.explanation).toMatch(/^The page failed to render for .* on incognito: .*during delete-instance of instance .*; SLO: at most 0 failed requests/);
  });

  it('negative control, sessions in memory: the user is logged out when their instance goes', async () => {
    const result = await podDeletion('pod-deletion.sessions-in-memory', 'Pod deletion, sessions in memory (negative control)', { replicas: 2, sessions: 'memory' }, 'invalid');
    expect(result).toHold();
    expect(result.verdict.verdicts.find((v) => v.checker === 'session-continuity')?.explanation).toMatch(/^Session broken: the user was logged out/);
  });
});
