import { Counter, Gauge, type Registry } from 'prom-client';

/** Prometheus metrics of the history writer, registered on the server's registry. */
export function createHistoryMetrics(registry: Registry) {
  return {
    factsWritten: new Counter({
      name: 'wallboard_history_facts_written_total',
      help: 'History facts (calls, agent state spans, tickets) written to Postgres',
      registers: [registry],
    }),
    factsDropped: new Counter({
      name: 'wallboard_history_facts_dropped_total',
      help: 'History facts dropped because the buffer was full while Postgres was unreachable',
      registers: [registry],
    }),
    writeFailures: new Counter({
      name: 'wallboard_history_write_failures_total',
      help: 'Failed attempts to write a batch of history facts (retried)',
      registers: [registry],
    }),
    buffered: new Gauge({
      name: 'wallboard_history_buffered_facts',
      help: 'History facts waiting to be written',
      registers: [registry],
    }),
  };
}
export type HistoryMetrics = ReturnType<typeof createHistoryMetrics>;
