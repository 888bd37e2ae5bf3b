import { LiveAggregator } from '../../server/aggregate/live-aggregator';
import { AmiQueueSource } from '../../server/ingest/ami/ami-queue-source';
import type { Logger } from '../../server/observability/logger';
import type { WallboardMetrics } from '../../server/observability/metrics';
import { MemoryLiveStore } from '../../server/store/memory-live-store';
import { serverRules } from '../unit/import/import-test-kit';
import { FakeAmi, frame } from './fake-ami';

/**
 * An AmiQueueSource wired as the server wires it (aggregator, in-process store)
 * on a fake PBX whose QueueStatus lists nothing. The caller starts the source
 * and stops both.
 */
export async function queueSourceOnEmptyPbx(options: { logger: Logger; metrics: WallboardMetrics }): Promise<{ fake: FakeAmi; source: AmiQueueSource }> {
  const fake = await FakeAmi.start();
  fake.onAction = (session, action) => {
    if (action.fields.action !== 'QueueStatus') return;
    const id = `ActionID: ${action.fields.actionid}`;
    session.send(frame(['Response: Success', id, 'EventList: start']) + frame(['Event: QueueStatusComplete', id, 'EventList: Complete', 'ListItems: 0']));
  };
  const { logger, metrics } = options;
  const aggregator = new LiveAggregator({ store: new MemoryLiveStore(), site: 'fake-pbx', rules: serverRules(), logger, metrics });
  const source = new AmiQueueSource({
    target: { host: '127.0.0.1', port: fake.port, username: 'u', secret: 's' },
    aggregator,
    logger,
    metrics,
    clock: Date.now,
  });
  return { fake, source };
}
