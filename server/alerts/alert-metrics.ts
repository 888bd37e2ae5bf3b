import { Counter, Gauge, type Registry } from 'prom-client';

/** The alert channels' figures on /metrics, on the server's registry. */
export function createAlertMetrics(registry: Registry) {
  return {
    notifications: new Counter({
      name: 'wallboard_alert_notifications_total',
      help: 'Alert notifications by channel and outcome: sent, failed (given up after retries, or refused for good), dropped (the channel queue was full)',
      labelNames: ['channel', 'outcome'] as const,
      registers: [registry],
    }),
    deliveryFailures: new Counter({
      name: 'wallboard_alert_delivery_failures_total',
      help: "Failed attempts to deliver an alert notification (the receiver's errors, timeouts, refusals), by channel",
      labelNames: ['channel'] as const,
      registers: [registry],
    }),
    queued: new Gauge({
      name: 'wallboard_alert_queued',
      help: 'Alert notifications waiting in a channel queue, by channel',
      labelNames: ['channel'] as const,
      registers: [registry],
    }),
  };
}
export type AlertMetrics = ReturnType<typeof createAlertMetrics>;
