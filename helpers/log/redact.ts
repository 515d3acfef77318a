// Secrets never reach a log, journal or report: every text written goes through redact().
// Values are registered when they are created or read; well-known shapes are caught too.

const secrets = new Set<string>();

/** Registers a secret value; later output replaces it with `***`. Short values are ignored. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 6) secrets.add(value);
}

const SHAPES: [RegExp, string][] = [
  [/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1***'],
  [/("?(?:access_token|refresh_token|client_secret|password|secret|token)"?\s*[:=]\s*"?)[^"&\s,}]+/gi, '$1***'],
  // user:password@ in any URL (http, redis, postgres, a mirror...)
  [/([a-z][\w+.-]*:\/\/[^:@/\s]*:)[^@/\s]+@/gi, '$1***@'],
];

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('***');
  for (const [pattern, replacement] of SHAPES) out = out.replace(pattern, replacement);
  return out;
}
