// The Kubernetes target, built like the embedded one:
//   const target = await new KubernetesTarget().withProfile('reference').withNamespace('entando').start();
// start() does not create anything: it checks the guardrails, finds the application and its
// credentials, and checks that the ingress answers (npm run cluster:up deploys it all).
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { log } from '../../log/log.js';
import { registerSecret } from '../../log/redact.js';
import { preflight } from '../../probes/preflight.js';
import { envVar } from '../../suite/environment.js';
import { oneOf } from '../../validation/leaves.js';
import { mustBe, parseWith } from '../../validation/problems.js';
import type { AppCredentials } from '../target.js';
import { missingCpuRequests } from './cpu-requests.js';
import { allowedContexts, assertContextAllowed, assertNamespaceAllowed } from './guardrails.js';
import { kindClusterOf } from './kind-node.js';
import { healInterruptedNodeFaults } from './node-faults.js';
import { PROFILE_NAMES, PROFILES, type Profile } from './profiles.js';
import { StartedKubernetesTarget } from './started-kubernetes-target.js';

export const DEFAULT_NAMESPACE = 'entando';
export const DEFAULT_INGRESS_PORT = 8480;

export class KubernetesTarget {
  private kc?: KubeConfig;
  private context?: string;
  private namespace: string;
  private profile: Profile;
  private ingressUrl: string;
  private nodeFaults: 'kind' | 'drain' = 'kind';

  /** Defaults from the environment (CHAOS_NAMESPACE, CHAOS_PROFILE, CHAOS_INGRESS_URL or _PORT); the with* methods override them. */
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {
    this.namespace = envVar('CHAOS_NAMESPACE', env) ?? DEFAULT_NAMESPACE;
    this.profile = PROFILES[envVar('CHAOS_PROFILE', env) ?? 'reference'];
    this.ingressUrl = envVar('CHAOS_INGRESS_URL', env) ?? `http://127.0.0.1:${envVar('CHAOS_INGRESS_PORT', env) ?? DEFAULT_INGRESS_PORT}`;
  }

  withKubeConfig(kc: KubeConfig) {
    this.kc = kc;
    return this;
  }
  withContext(context: string) {
    this.context = context;
    return this;
  }
  withNamespace(namespace: string) {
    this.namespace = namespace;
    return this;
  }
  withProfile(name: Profile['name']) {
    const valid = parseWith(oneOf(PROFILE_NAMES), name, (problems) => new Error(problems.map((p) => mustBe(p, { name: () => 'profile' })).join('; ')));
    this.profile = PROFILES[valid];
    return this;
  }
  withIngressUrl(url: string) {
    this.ingressUrl = url;
    return this;
  }
  withNodeFaults(mode: 'kind' | 'drain') {
    this.nodeFaults = mode;
    return this;
  }

  async start(): Promise<StartedKubernetesTarget> {
    const kc = this.kc ?? new KubeConfig();
    if (!this.kc) kc.loadFromDefault();
    if (this.context) kc.setCurrentContext(this.context);
    const context = kc.getCurrentContext();
    assertContextAllowed(context, allowedContexts(this.env));
    assertNamespaceAllowed(this.namespace, envVar('CHAOS_NAMESPACES', this.env) ?? [this.namespace]);
    const core = kc.makeApiClient(CoreV1Api);
    const apps = kc.makeApiClient(AppsV1Api);
    const p = this.profile;
    const deployment = await apps.readNamespacedDeployment({ name: p.deployment, namespace: this.namespace }).catch((error: { code?: number; message?: string }) => {
      const why = error.code ? `HTTP ${error.code}` : (error.message ?? String(error)).split('\n')[0];
      throw new Error(`deployment ${p.deployment} not found in ${this.namespace} on ${context} (${why}): the ${p.name} profile (CHAOS_PROFILE) expects it; deploy it with npm run cluster:up -- --profile ${p.name}`);
    });
    const credentials = await this.credentials(core);
    const starved = missingCpuRequests(deployment);
    if (starved) log.warn(`preflight: ${starved}`);
    // From the kubeconfig's cluster entry: a context may be renamed, that entry is not.
    await healInterruptedNodeFaults(core, this.nodeFaults, kindClusterOf(kc.getCurrentCluster()?.name ?? ''));
    await preflight(`${this.ingressUrl}${p.healthPath}`);
    return new StartedKubernetesTarget({
      kc,
      context,
      namespace: this.namespace,
      profile: p,
      ingressUrl: this.ingressUrl,
      nodeFaults: this.nodeFaults,
      credentials,
      replicas: deployment.spec?.replicas ?? 1,
    });
  }

  private async credentials(core: CoreV1Api): Promise<AppCredentials> {
    const ref = this.profile.credentialsSecret;
    const secret = await core.readNamespacedSecret({ name: ref.name, namespace: this.namespace }).catch((error: { code?: number }) => {
      throw new Error(`secret ${ref.name} not found in ${this.namespace} (HTTP ${error.code ?? '?'})`);
    });
    const value = (key: string | undefined) => {
      if (!key) return '';
      const encoded = secret.data?.[key];
      if (!encoded) throw new Error(`secret ${ref.name} in ${this.namespace} has no key ${key}`);
      const decoded = Buffer.from(encoded, 'base64').toString('utf8');
      registerSecret(decoded);
      return decoded;
    };
    return { clientId: value(ref.clientId), clientSecret: value(ref.clientSecret), username: 'admin', password: value(ref.password) };
  }
}
