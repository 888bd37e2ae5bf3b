import type { EventTimeBounds } from './event-time-bounds';
import type { WebhookConfig } from './webhook-config';

/** The bounds a source's event times are checked against at `now` (event-time-bounds.ts). */
export function webhookTimeBounds(config: WebhookConfig, now: number, deskSince: number): EventTimeBounds {
  return { now, maxAheadMs: config.maxFutureSec * 1000, deskSince };
}
