// The manifests in fixtures/kind/: ${NAME} placeholders filled from values, YAML parsed, and
// every object validated against the Kubernetes schemas (kubernetes-models) before anything is
// applied. A missing value or an invalid object is named with its file.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const KIND_DIR = fileURLToPath(new URL('../../../fixtures/kind/', import.meta.url));
export const PROFILE_FILES = {
  reference: ['reference/namespace.yaml', 'reference/postgresql.yaml', 'reference/redis.yaml', 'reference/reference-app.yaml', 'reference/edge.yaml'],
  'reference-sentinel': ['reference/redis-sentinel.yaml'],
  'entando-engine': ['reference/namespace.yaml', 'reference/postgresql.yaml', 'entando-engine/entando-engine.yaml', 'reference/edge.yaml'],
  entando: ['reference/namespace.yaml', 'reference/postgresql.yaml', 'reference/redis-sentinel.yaml', 'entando/operator-config.yaml', 'entando/entando-app.yaml'],
  ingress: ['traefik.yaml'],
} as const;

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  [key: string]: unknown;
}

export class ManifestError extends Error {
  override name = 'ManifestError';
}

export function fill(text: string, values: Record<string, string>, file: string): string {
  const missing = new Set<string>();
  const filled = text.replace(/\$\{([A-Z][A-Z0-9_]*)\}/g, (_m, name: string) => {
    const value = values[name];
    if (value === undefined) missing.add(name);
    return value ?? '';
  });
  if (missing.size > 0) throw new ManifestError(`${file} needs values for ${[...missing].join(', ')}`);
  return filled;
}

export function parseManifest(text: string, file: string): KubeObject[] {
  return parseAllDocuments(text)
    .map((doc, i) => {
      if (doc.errors.length > 0) throw new ManifestError(`${file} document ${i + 1}: ${doc.errors[0]!.message}`);
      return doc.toJS() as KubeObject | null;
    })
    .filter((o): o is KubeObject => o !== null);
}

const require = createRequire(import.meta.url);
/** Kinds the cluster's own CRDs define; no published schema to check them against. */
const CUSTOM_KINDS = new Set(['entando.org/v1/EntandoApp']);

/** Validates against the Kubernetes OpenAPI schemas; returns what could not be checked. */
export function validateObject(object: KubeObject, file: string): string | undefined {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : [undefined, object.apiVersion];
  if (CUSTOM_KINDS.has(`${object.apiVersion}/${object.kind}`)) return `${object.kind} ${object.metadata?.name}: custom resource, not schema-checked`;
  let Model: new (data: unknown) => { validate(): void };
  try {
    Model = require(`kubernetes-models/${group ? `${group}/` : ''}${version}/${object.kind}`)[object.kind];
  } catch {
    throw new ManifestError(`${file}: ${object.apiVersion} ${object.kind} is not a Kubernetes kind`);
  }
  try {
    new Model(object).validate();
  } catch (error) {
    throw new ManifestError(`${file}: ${object.kind} ${object.metadata?.name} is invalid: ${(error as Error).message}`);
  }
  return undefined;
}

export async function loadManifests(files: readonly string[], values: Record<string, string>): Promise<KubeObject[]> {
  const objects: KubeObject[] = [];
  for (const file of files) {
    const parsed = parseManifest(fill(await readFile(`${KIND_DIR}${file}`, 'utf8'), values, file), file);
    for (const object of parsed) validateObject(object, file);
    objects.push(...parsed);
  }
  return objects;
}
