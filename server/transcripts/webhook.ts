import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';

/** Header names of a webhook delivery. */
export const WEBHOOK_HEADERS = {
  timestamp: 'x-session-chat-timestamp',
  signature: 'x-session-chat-signature',
  delivery: 'x-session-chat-delivery',
} as const;

/** `v1=` + hex HMAC-SHA256 over `${timestamp}.${body}` with the webhook secret. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/**
 * For hosts: checks a delivery's signature and that its timestamp is within `toleranceSec`
 * of now (replays of old deliveries fail). Compare in constant time.
 */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  timestamp: string | number,
  signature: string,
  toleranceSec = 300,
  nowMs = Date.now(),
): boolean {
  const ts = Number(timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowMs / 1000 - ts) > toleranceSec) return false;
  const expected = Buffer.from(signWebhook(secret, ts, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export interface WebhookOptions {
  url: string;
  secret: string;
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Delay before the second attempt; doubles each time up to `maxDelayMs` (with jitter). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per attempt. */
  timeoutMs: number;
  logger: Logger;
}

/**
 * Posts signed JSON to the host, retrying with exponential backoff while the host is down
 * or answers anything but 2xx. One delivery id per payload, the same on every retry, so the
 * host can drop duplicates (a relay restart may deliver again).
 */
export class WebhookSender {
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private stopped = false;

  constructor(private readonly options: WebhookOptions) {}

  /** Resolves true once delivered, false when every attempt failed or the relay stopped. */
  deliver(payload: Record<string, unknown>, deliveryId: string = randomUUID()): Promise<boolean> {
    const body = JSON.stringify({ ...payload, deliveryId });
    return new Promise((resolve) => {
      const attempt = async (n: number): Promise<void> => {
        if (this.stopped) return resolve(false);
        const timestamp = Math.floor(Date.now() / 1000);
        try {
          const response = await fetch(this.options.url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              [WEBHOOK_HEADERS.timestamp]: String(timestamp),
              [WEBHOOK_HEADERS.signature]: signWebhook(this.options.secret, timestamp, body),
              [WEBHOOK_HEADERS.delivery]: deliveryId,
            },
            body,
            signal: AbortSignal.timeout(this.options.timeoutMs),
            redirect: 'error',
          });
          await response.arrayBuffer().catch(() => undefined);
          if (response.ok) return resolve(true);
          this.options.logger.warn({ status: response.status, attempt: n, deliveryId }, 'webhook refused');
        } catch (error) {
          this.options.logger.warn({ err: error, attempt: n, deliveryId }, 'webhook failed');
        }
        if (n >= this.options.maxAttempts || this.stopped) return resolve(false);
        const ceiling = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (n - 1));
        const delay = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          void attempt(n + 1);
        }, delay);
        timer.unref();
        this.timers.set(timer, () => resolve(false));
      };
      void attempt(1);
    });
  }

  stop(): void {
    this.stopped = true;
    for (const [timer, giveUp] of this.timers) {
      clearTimeout(timer);
      giveUp();
    }
    this.timers.clear();
  }
}
