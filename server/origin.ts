function normalize(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.origin === 'null' ? undefined : url.origin;
  } catch {
    return undefined;
  }
}

/** The allowlist in a form that is cheap to test. */
export interface OriginPolicy {
  any: boolean;
  origins: ReadonlySet<string>;
}

export function createOriginPolicy(allowed: readonly string[] | '*'): OriginPolicy {
  if (allowed === '*') return { any: true, origins: new Set() };
  const origins = new Set<string>();
  for (const origin of allowed) {
    const normalized = normalize(origin);
    if (!normalized) throw new TypeError(`The "allowedOrigins" option holds an invalid origin: "${origin}"`);
    origins.add(normalized);
  }
  return { any: false, origins };
}

/**
 * Whether a request's `Origin` may use the relay. A missing Origin is allowed (server-side
 * clients send none; the token authenticates), and so is the relay's own origin (same host
 * as the `Host` header, either scheme since TLS may end at a proxy). `Origin: null` never is.
 * Routes apply it through `checkRequest` (request-policy.ts).
 */
export function isOriginAllowed(policy: OriginPolicy, origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  // `null` (an opaque origin) and anything unparsable are foreign, even with "*".
  const normalized = normalize(origin);
  if (!normalized) return false;
  if (policy.any) return true;
  if (policy.origins.has(normalized)) return true;
  if (host !== undefined && new URL(normalized).host === host.toLowerCase()) return true;
  return false;
}
