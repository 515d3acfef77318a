// The application an assessment judges, deployed once and judged as it is: on the embedded
// target, the application CHAOS_APP names (the Entando 6.2 App Engine by default) in its own
// layout; with CHAOS_TARGET=kind, the cluster's application, never reconfigured.
import { envVar } from '../helpers/suite/environment.js';
import { localTarget } from '../helpers/suite/local-target.js';
import { targetKind } from '../helpers/suite/target-kind.js';
import { KubernetesTarget } from '../helpers/targets/kubernetes/kubernetes-target.js';
import type { StartedTarget } from '../helpers/targets/target.js';

export function assessedTarget(): Promise<StartedTarget> {
  if (targetKind() === 'kind') return new KubernetesTarget().start();
  return localTarget().withApp(envVar('CHAOS_APP')).start();
}
