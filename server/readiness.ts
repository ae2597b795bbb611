/**
 * A dependency the relay needs before it takes sockets, checked by `GET /readyz`. The embedded
 * storage has none; a scale-out adapter (Redis) passes one in `readinessChecks`.
 */
export interface ReadinessCheck {
  /** Names the dependency in the `/readyz` body, e.g. `redis`. */
  readonly name: string;
  /** Resolves when the dependency is usable; rejects when not (the error's message is the reason). */
  check(): Promise<void>;
}

/** The `/readyz` body. */
export interface ReadinessReport {
  ready: boolean;
  /** Why: `accepting sockets`, `starting`, `draining`, or the first dependency that is not ready. */
  reason: string;
  /** Each dependency: `ok` or why it is not ready. */
  checks: Record<string, string>;
}

/** A check that has not answered in this long counts as not ready (a load balancer probes every few seconds). */
export const READINESS_CHECK_TIMEOUT_MS = 2_000;

type Phase = 'starting' | 'ready' | 'draining';

function withTimeout(check: ReadinessCheck, timeoutMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
  });
  const answered = Promise.resolve()
    .then(() => check.check())
    .then(
      () => 'ok',
      (error: unknown) => (error instanceof Error && error.message ? error.message : 'not ready'),
    );
  return Promise.race([answered, timedOut]).finally(() => clearTimeout(timer));
}

/**
 * Whether the relay takes sockets: not while starting (recovering what a stopped relay left),
 * not once draining, and not while a dependency's check fails.
 */
export class Readiness {
  private phase: Phase = 'starting';

  constructor(
    private readonly checks: readonly ReadinessCheck[] = [],
    private readonly timeoutMs = READINESS_CHECK_TIMEOUT_MS,
  ) {}

  /** Start-up is done. */
  started(): void {
    if (this.phase === 'starting') this.phase = 'ready';
  }

  /** The relay is shutting down: never ready again. */
  drain(): void {
    this.phase = 'draining';
  }

  get draining(): boolean {
    return this.phase === 'draining';
  }

  async report(): Promise<ReadinessReport> {
    if (this.phase !== 'ready') {
      const reason = this.phase === 'draining' ? 'draining: the relay is shutting down' : 'starting';
      return { ready: false, reason, checks: {} };
    }
    const results = await Promise.all(this.checks.map((check) => withTimeout(check, this.timeoutMs)));
    const checks: Record<string, string> = {};
    this.checks.forEach((check, index) => (checks[check.name] = results[index]!));
    // A drain that began while the checks ran wins.
    if (this.draining) return { ready: false, reason: 'draining: the relay is shutting down', checks };
    const failed = this.checks.find((_check, index) => results[index] !== 'ok');
    if (failed) return { ready: false, reason: `${failed.name} is not ready: ${checks[failed.name]}`, checks };
    return { ready: true, reason: 'accepting sockets', checks };
  }
}
