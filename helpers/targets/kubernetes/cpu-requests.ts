// A pod without CPU requests is BestEffort: the smallest CPU weight, so it is the first starved when its
// node is busy (a node booting, the control plane reacting to a fault). Renders then slow down
// for a reason that is not the application's HA; measured on kind, renders held up to 1.36 s
// after a node came back until the serving path had requests. A CPU limit alone counts: a pod
// created from the template gets its limits as requests.
import type { V1ObjectMeta, V1PodTemplateSpec } from '@kubernetes/client-node';

/** A Deployment or a StatefulSet: what owns pods through a template. */
interface PodOwner {
  kind?: string;
  metadata?: V1ObjectMeta;
  spec?: { template: V1PodTemplateSpec };
}

/** Why the owner's pods would be starved first, or undefined when every container requests CPU. */
export function missingCpuRequests(owner: PodOwner): string | undefined {
  const containers = owner.spec?.template.spec?.containers ?? [];
  const without = containers.filter((c) => !c.resources?.requests?.cpu && !c.resources?.limits?.cpu).map((c) => c.name);
  if (without.length === 0) return undefined;
  const name = `${owner.kind ?? 'Deployment'} ${owner.metadata?.namespace ?? ''}/${owner.metadata?.name}`;
  return (
    `${name}: container(s) ${without.join(', ')} request no CPU, so its pods are starved first when a node is busy ` +
    'and renders may slow down during faults for that reason alone; give them resources.requests.cpu (README: CPU requests)'
  );
}
