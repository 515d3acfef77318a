// Faults are only ever injected where a person allowed it: a kube context on the allowlist
// (default: kind clusters only) and the configured namespaces.
import { envVar } from '../../suite/environment.js';

export const DEFAULT_ALLOWED_CONTEXTS = ['kind-*'];

export class GuardrailError extends Error {
  override name = 'GuardrailError';
}

const matches = (pattern: string, value: string) =>
  new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(value);

/** Allowed contexts: the defaults plus CHAOS_ALLOWED_CONTEXTS (comma-separated, `*` wildcards). */
export function allowedContexts(env: NodeJS.ProcessEnv = process.env): string[] {
  return [...DEFAULT_ALLOWED_CONTEXTS, ...(envVar('CHAOS_ALLOWED_CONTEXTS', env) ?? [])];
}

export function assertContextAllowed(context: string, allowed: string[]): void {
  if (!allowed.some((pattern) => matches(pattern, context))) {
    throw new GuardrailError(
      `kube context ${JSON.stringify(context)} is not on the allowlist (${allowed.join(', ')}); ` +
        `faults are injected only into clusters meant for it. To allow it: CHAOS_ALLOWED_CONTEXTS=${context}`,
    );
  }
}

export function assertNamespaceAllowed(namespace: string, allowed: string[]): void {
  if (!allowed.includes(namespace)) {
    throw new GuardrailError(`namespace ${JSON.stringify(namespace)} is not one the suite may act in (${allowed.join(', ')})`);
  }
}
