import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics of one server process. One registry per process (not the
 * global one) so tests can start several servers side by side.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    inputRejected: new Counter({
      name: 'wallboard_input_rejected_total',
      help: 'Inputs refused at a boundary (bad AMI frame, bad webhook, bad socket message ...), by source and reason',
      labelNames: ['source', 'reason'] as const,
      registers: [registry],
    }),
    amiEvents: new Counter({
      name: 'wallboard_ami_events_total',
      help: 'AMI events by outcome: mapped, ignored (not used), invalid',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    amiConnected: new Gauge({
      name: 'wallboard_ami_connected',
      help: '1 while logged in to the PBX',
      registers: [registry],
    }),
    amiConnects: new Counter({
      name: 'wallboard_ami_connects_total',
      help: 'Successful AMI logins (the first and every reconnect)',
      registers: [registry],
    }),
    amiReconnects: new Counter({
      name: 'wallboard_ami_reconnects_total',
      help: 'AMI connection attempts scheduled after a lost connection or a failed attempt',
      registers: [registry],
    }),
    amiOversizeFrames: new Counter({
      name: 'wallboard_ami_oversize_frames_total',
      help: 'AMI frames dropped for exceeding the frame size cap',
      registers: [registry],
    }),
    amiPingTimeouts: new Counter({
      name: 'wallboard_ami_ping_timeouts_total',
      help: 'AMI Pings left unanswered (each drops the connection)',
      registers: [registry],
    }),
    amiQueueStatusFailures: new Counter({
      name: 'wallboard_ami_queue_status_failures_total',
      help: 'QueueStatus resyncs that failed on a live AMI connection (no or an error answer); each is tried again after a backoff',
      registers: [registry],
    }),
    amiListenerErrors: new Counter({
      name: 'wallboard_ami_listener_errors_total',
      help: 'Exceptions thrown by handlers of AMI client events (caught; the socket keeps being read)',
      registers: [registry],
    }),
    amiDecoderFailures: new Counter({
      name: 'wallboard_ami_decoder_failures_total',
      help: 'AMI decode worker threads that failed; each ends its connection, which is opened again and resynced',
      registers: [registry],
    }),
    eventsApplied: new Counter({
      name: 'wallboard_events_applied_total',
      help: 'Normalized events applied to the live store',
      registers: [registry],
    }),
    webhookUnknownChannels: new Counter({
      name: 'wallboard_webhook_unknown_channel_total',
      help: 'Tickets whose channel name no map knows (put on the default channel), by source and name; names past the first 50 count as "other"',
      labelNames: ['source', 'channel'] as const,
      registers: [registry],
    }),
    ticketEvents: new Counter({
      name: 'wallboard_ticket_events_total',
      help: 'Ticket events from webhooks by outcome: accepted, duplicates (event id seen before), stale (older than the ticket), ignored (unknown ticket)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    storeApplyFailures: new Counter({
      name: 'wallboard_store_apply_failures_total',
      help: 'Failed attempts to apply a batch to the live store (retried)',
      registers: [registry],
    }),
    staleBatchesRefused: new Counter({
      name: 'wallboard_stale_batches_refused_total',
      help: 'Batches the live store refused because another node took the reader lease (the node stops reading)',
      registers: [registry],
    }),
    storeRebuilds: new Counter({
      name: 'wallboard_store_rebuilds_total',
      help: "Live stores found emptied (a Redis restart without persistence) and rebuilt from history and the reader's state",
      registers: [registry],
    }),
    deadLetters: new Counter({
      name: 'wallboard_dead_letters_total',
      help: 'Batches (live, tickets) or history facts set aside because the store refused them for good (a permanent error)',
      labelNames: ['pipeline'] as const,
      registers: [registry],
    }),
    ingestDropped: new Counter({
      name: 'wallboard_ingest_dropped_total',
      help: 'Events dropped because the ingest buffer was full while the store was unreachable',
      registers: [registry],
    }),
    ingestLatency: new Histogram({
      name: 'wallboard_ingest_latency_seconds',
      help: 'From receiving an event to its batch being applied to the live store',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
    socketClients: new Gauge({
      name: 'wallboard_socket_clients',
      help: 'Connected socket.io clients',
      registers: [registry],
    }),
    snapshotBuilds: new Counter({
      name: 'wallboard_snapshot_builds_total',
      help: 'Live snapshots built from the store (for pushes and for joins that came before the first push)',
      registers: [registry],
    }),
    snapshotsPushed: new Counter({
      name: 'wallboard_snapshots_pushed_total',
      help: 'Snapshot broadcasts to board rooms',
      registers: [registry],
    }),
    slowClientSkips: new Counter({
      name: 'wallboard_slow_client_skips_total',
      help: 'Snapshot updates skipped for a client whose previous ones were still unsent',
      registers: [registry],
    }),
  };
}
export type WallboardMetrics = ReturnType<typeof createMetrics>;
