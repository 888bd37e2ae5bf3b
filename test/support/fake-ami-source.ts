import { LiveAggregator } from '../../server/aggregate/live-aggregator';
import type { AmiFrame } from '../../server/ingest/ami/ami-frame';
import { AmiQueueSource, type AmiQueueSourceOptions } from '../../server/ingest/ami/ami-queue-source';
import type { Logger } from '../../server/observability/logger';
import type { WallboardMetrics } from '../../server/observability/metrics';
import { MemoryLiveStore } from '../../server/store/memory-live-store';
import { serverRules } from '../unit/import/import-test-kit';
import { FakeAmi, frame, type FakeSession } from './fake-ami';

/** The fake PBX's answer to a QueueStatus action; `actionId` is the one the answer must carry. */
export type QueueStatusAnswer = (session: FakeSession, actionId: string, action: AmiFrame) => void;

/** A QueueStatus answer that lists nothing. */
export const answerEmptyQueueStatus: QueueStatusAnswer = (session, actionId) => {
  const id = `ActionID: ${actionId}`;
  session.send(frame(['Response: Success', id, 'EventList: start']) + frame(['Event: QueueStatusComplete', id, 'EventList: Complete', 'ListItems: 0']));
};

/** The fake PBXs and sources made here, until stopFakePbxSources. */
const made: { fake: FakeAmi; source: AmiQueueSource }[] = [];

/** Stops every source made here and its fake PBX: a test file's afterEach. */
export async function stopFakePbxSources(): Promise<void> {
  for (const { fake, source } of made.splice(0)) {
    await source.stop();
    await fake.stop();
  }
}

/** The site name of the sources made here (the store's key). */
export const FAKE_PBX_SITE = 'fake-pbx';

/**
 * An AmiQueueSource wired as the server wires it (aggregator, in-process store)
 * on a fake PBX that answers QueueStatus with `answerQueueStatus` (by default a
 * list of nothing). The caller starts the source; stopFakePbxSources stops both.
 */
export async function queueSourceOnFakePbx(options: {
  logger: Logger;
  metrics: WallboardMetrics;
  answerQueueStatus?: QueueStatusAnswer;
  sourceOptions?: Pick<AmiQueueSourceOptions, 'resyncBackoff' | 'actionTimeoutMs'>;
}): Promise<{ fake: FakeAmi; source: AmiQueueSource; aggregator: LiveAggregator; store: MemoryLiveStore }> {
  const fake = await FakeAmi.start();
  const answer = options.answerQueueStatus ?? answerEmptyQueueStatus;
  fake.onAction = (session, action) => {
    if (action.fields.action === 'QueueStatus') answer(session, action.fields.actionid ?? '', action);
  };
  const { logger, metrics } = options;
  const store = new MemoryLiveStore();
  const aggregator = new LiveAggregator({ store, site: FAKE_PBX_SITE, rules: serverRules(), logger, metrics });
  const source = new AmiQueueSource({
    target: { host: '127.0.0.1', port: fake.port, username: 'u', secret: 's' },
    aggregator,
    logger,
    metrics,
    clock: Date.now,
    ...options.sourceOptions,
  });
  made.push({ fake, source });
  return { fake, source, aggregator, store };
}

/** queueSourceOnFakePbx on a PBX whose QueueStatus lists nothing. */
export async function queueSourceOnEmptyPbx(options: { logger: Logger; metrics: WallboardMetrics }): Promise<{ fake: FakeAmi; source: AmiQueueSource }> {
  const { fake, source } = await queueSourceOnFakePbx(options);
  return { fake, source };
}
