import { describe, expect, it } from 'vitest';
import { allowedContexts } from '../targets/kubernetes/guardrails.js';
import { KubernetesTarget } from '../targets/kubernetes/kubernetes-target.js';
import { configuredImages, OFFICIAL_IMAGES } from '../targets/local-docker/images.js';
import { checkEnvironment, describeEnvironment, EnvironmentError, envVar, environmentSchema } from './environment.js';
import { targetKind } from './target-kind.js';

describe('environment variables', () => {
  it('takes defaults when a variable is unset or empty', () => {
    expect(envVar('CHAOS_TARGET', {})).toBe('local-docker');
    expect(envVar('CHAOS_TARGET', { CHAOS_TARGET: '' })).toBe('local-docker');
    expect(envVar('KEEP_ON_FAILURE', {})).toBe(false);
    expect(envVar('CHAOS_NAMESPACE', {})).toBeUndefined();
  });

  it('reads each as the type its readers need', () => {
    expect(envVar('KEEP_ON_FAILURE', { KEEP_ON_FAILURE: '1' })).toBe(true);
    expect(envVar('CHAOS_INGRESS_PORT', { CHAOS_INGRESS_PORT: '8481' })).toBe(8481);
    expect(envVar('CHAOS_NAMESPACES', { CHAOS_NAMESPACES: 'entando, staging' })).toEqual(['entando', 'staging']);
    expect(allowedContexts({ CHAOS_ALLOWED_CONTEXTS: 'minikube,gke_*' })).toEqual(['kind-*', 'minikube', 'gke_*']);
    expect(configuredImages({ CHAOS_IMAGE_REDIS: 'mirror.local/redis:7' })).toEqual({ ...OFFICIAL_IMAGES, redis: 'mirror.local/redis:7' });
  });

  it.each([
    ['CHAOS_TARGET', 'knd', 'CHAOS_TARGET must be local-docker or kind, got "knd" (did you mean kind?)'],
    ['CHAOS_PROFILE', 'entado', 'CHAOS_PROFILE must be reference, entando or entando-engine, got "entado" (did you mean entando?)'],
    ['KEEP_ON_FAILURE', 'yes', 'KEEP_ON_FAILURE must be 1 or 0, got "yes"'],
    ['CHAOS_INGRESS_PORT', '80', 'CHAOS_INGRESS_PORT must be an integer from 1024 to 65535, got "80"'],
    ['CHAOS_INGRESS_PORT', '8480x', 'CHAOS_INGRESS_PORT must be an integer from 1024 to 65535, got "8480x"'],
    ['CHAOS_INGRESS_URL', 'not a url', 'CHAOS_INGRESS_URL must be an absolute http(s) URL, got "not a url"'],
    ['CHAOS_NAMESPACE', 'Entando', 'CHAOS_NAMESPACE must be a Kubernetes namespace name (lowercase letters, digits and dashes), got "Entando"'],
    ['CHAOS_NAMESPACES', 'entando,Prod', 'CHAOS_NAMESPACES must be comma-separated Kubernetes namespace names, got "entando,Prod"'],
    ['CHAOS_RUN_ID', 'run 1/../x', 'CHAOS_RUN_ID must be a run id of letters, digits, dots, dashes and underscores, got "run 1/../x"'],
    ['CHAOS_IMAGE_NODE', 'node 20', 'CHAOS_IMAGE_NODE must be an image name such as redis:7.2-bookworm, got "node 20"'],
  ] as const)('refuses %s=%s naming the variable, its value and what was expected', (name, value, message) => {
    expect(() => envVar(name, { [name]: value })).toThrow(EnvironmentError);
    expect(() => envVar(name, { [name]: value })).toThrow(message);
  });

  it('is refused where it is read, instead of falling back to a default', () => {
    expect(() => targetKind({ CHAOS_TARGET: 'knd' })).toThrow('(did you mean kind?)');
    // Before, an unknown profile silently ran the reference one.
    expect(() => new KubernetesTarget({ CHAOS_PROFILE: 'entndo' })).toThrow('CHAOS_PROFILE must be reference, entando or entando-engine, got "entndo"');
  });

  it('lists every bad variable at once', () => {
    expect(() => checkEnvironment({ CHAOS_TARGET: 'kube', KEEP_ON_FAILURE: 'true', PATH: '/bin' })).toThrow(
      '2 environment variables are wrong:\n  CHAOS_TARGET must be local-docker or kind, got "kube"\n  KEEP_ON_FAILURE must be 1 or 0, got "true"',
    );
    expect(checkEnvironment({ CHAOS_TARGET: 'kind' })).toMatchObject({ CHAOS_TARGET: 'kind', KEEP_ON_FAILURE: false });
  });

  it('describes every variable it knows', () => {
    const lines = describeEnvironment();
    expect(lines).toHaveLength(Object.keys(environmentSchema.shape).length);
    for (const line of lines) expect(line).toMatch(/^[A-Z_]+: \S/);
  });
});
