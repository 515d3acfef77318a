// The Kubernetes target, built like the embedded one:
//   const target = await new KubernetesTarget().withProfile('reference').withNamespace('entando').start();
// start() does not create anything: it checks the guardrails, finds the application and its
// credentials, and checks that the ingress answers (npm run cluster:up deploys it all).
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { log } from '../../log/log.js';
import { registerSecret } from '../../log/redact.js';
import { preflight } from '../../probes/preflight.js';
import type { AppCredentials } from '../target.js';
import { missingCpuRequests } from './cpu-requests.js';
import { allowedContexts, assertContextAllowed, assertNamespaceAllowed } from './guardrails.js';
import { kindClusterOf } from './kind-node.js';
import { healInterruptedNodeFaults } from './node-faults.js';
import { PROFILES, type Profile } from './profiles.js';
import { StartedKubernetesTarget } from './started-kubernetes-target.js';

export const DEFAULT_NAMESPACE = 'entando';
export const DEFAULT_INGRESS_PORT = 8480;

export class KubernetesTarget {
  private kc?: KubeConfig;
  private context?: string;
  private namespace = process.env.CHAOS_NAMESPACE ?? DEFAULT_NAMESPACE;
  private profile: Profile = PROFILES[(process.env.CHAOS_PROFILE as Profile['name']) ?? 'reference'] ?? PROFILES.reference;
  private ingressUrl = process.env.CHAOS_INGRESS_URL ?? `http://127.0.0.1:${process.env.CHAOS_INGRESS_PORT ?? DEFAULT_INGRESS_PORT}`;
  private nodeFaults: 'kind' | 'drain' = 'kind';

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
    const profile = PROFILES[name];
    if (!profile) throw new Error(`profile must be one of ${Object.keys(PROFILES).join(', ')}, got ${JSON.stringify(name)}`);
    this.profile = profile;
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
    assertContextAllowed(context, allowedContexts());
    assertNamespaceAllowed(this.namespace, (process.env.CHAOS_NAMESPACES ?? this.namespace).split(','));
    const core = kc.makeApiClient(CoreV1Api);
    const apps = kc.makeApiClient(AppsV1Api);
    const p = this.profile;
    const deployment = await apps.readNamespacedDeployment({ name: p.deployment, namespace: this.namespace }).catch((error: { code?: number; message?: string }) => {
      const why = error.code ? `HTTP ${error.code}` : (error.message ?? String(error)).split('\n')[0];
      throw new Error(`deployment ${p.deployment} not found in ${this.namespace} on ${context} (${why}); deploy it with npm run cluster:up`);
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
