import { QueueSettingsBook } from '../../../server/config/queue-settings';
import type { CallRecord, HistoryOp } from '../../../server/domain/live-state';
import type { QueueRules } from '../../../server/domain/queue-reducer';
import type { HistorySink } from '../../../server/import/history-sink';
import { queueRulesFor } from '../../../server/config/queue-rules';
import type { SimulatorConfig } from '../../../server/simulator/simulator-config';

/** What import tests share: rules like the server's, and a sink that keeps facts in memory. */

/** The demo's queues.json: SL 20 s by default, wrap-up sales 10, support 30, billing 20; Moscow; short abandons under 5 s. */
export function serverRules(): QueueRules {
  return queueRulesFor({ timeZone: 'Europe/Moscow', shortAbandonSec: 5 }, QueueSettingsBook.load('config/queues.json'));
}

/** The simulated site's own SL thresholds and wrap-up times, as its PBX would report and configure them. */
export function rulesOf(config: SimulatorConfig): QueueRules {
  const settings = QueueSettingsBook.parse({
    queues: Object.fromEntries(config.queues.map((q) => [q.name, { wrapupSec: q.wrapupSec, slThresholdSec: q.serviceLevelSec }])),
  });
  return queueRulesFor({ timeZone: config.timeZone, shortAbandonSec: config.shortAbandonSec }, settings);
}

export interface MemorySink extends HistorySink {
  ops: HistoryOp[];
  calls(): CallRecord[];
}

export function memorySink(): MemorySink {
  const ops: HistoryOp[] = [];
  return {
    ops,
    record: async (more) => void ops.push(...more),
    flush: async () => undefined,
    calls: () => ops.flatMap((op) => (op.op === 'history.call' ? [op.call] : [])),
  };
}
