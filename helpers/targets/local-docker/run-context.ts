// What every container of one run shares: its id, its network, its images and its secrets.
import { randomBytes } from 'node:crypto';
import { dockerApi } from '../../docker/docker-api.js';
import { newRunId, ownerLabels } from '../../docker/labels.js';
import { registerSecret } from '../../log/redact.js';
import type { ImageSet } from './images.js';

export interface RunSecrets {
  pgPassword: string;
  clientId: string;
  clientSecret: string;
  signingKey: string;
  adminPassword: string;
  cookieKey: string;
}

export interface RunContext {
  runId: string;
  /** Where every container talks to PostgreSQL and Redis. */
  network: string;
  /**
   * Where the load balancer finds instances (DNS alias "app"). An instance joins it only once
   * ready, as a pod joins its Service's endpoints only once its readiness probe passes.
   */
  serviceNetwork: string;
  images: ImageSet & { app: string };
  secrets: RunSecrets;
}

export const DB = { user: 'entando', database: 'entando', host: 'postgres', port: 5432 } as const;

/** Fresh secrets for one run, registered for redaction before anything can print them. */
export function newSecrets(): RunSecrets {
  const secret = () => randomBytes(18).toString('base64url');
  const secrets = {
    pgPassword: secret(),
    clientId: 'entando-chaos-suite',
    clientSecret: secret(),
    signingKey: secret(),
    adminPassword: secret(),
    cookieKey: secret(),
  };
  for (const [name, value] of Object.entries(secrets)) if (name !== 'clientId') registerSecret(value);
  return secrets;
}

/** A new run: its id, its fresh secrets and its two networks, labelled for cleanup by run and owner. */
export async function createRun(images: RunContext['images'], runId = newRunId()): Promise<RunContext> {
  const ctx: RunContext = { runId, network: runId, serviceNetwork: `${runId}-svc`, images, secrets: newSecrets() };
  const docker = await dockerApi();
  for (const name of [ctx.network, ctx.serviceNetwork]) {
    await docker.createNetwork({ Name: name, Driver: 'bridge', Labels: ownerLabels(runId) });
  }
  return ctx;
}
