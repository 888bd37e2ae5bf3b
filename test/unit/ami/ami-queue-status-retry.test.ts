import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMetrics, type WallboardMetrics } from '../../../server/observability/metrics';
import { QUEUE_STATUS_REPLY } from '../../fixtures/ami/asterisk22-frames';
import { capturedLogger } from '../../support/captured-log';
import { frame } from '../../support/fake-ami';
import { FAKE_PBX_SITE, queueSourceOnFakePbx, stopFakePbxSources, type QueueStatusAnswer } from '../../support/fake-ami-source';

const WAIT = { timeout: 10_000, interval: 10 };
/** short waits between attempts: the test checks the retry, not the backoff's length */
const sourceOptions = { resyncBackoff: { initialDelayMs: 20, maxDelayMs: 20 }, actionTimeoutMs: 300 };

afterEach(stopFakePbxSources);

/** A started source on a fake PBX answering QueueStatus with `answerQueueStatus`; afterEach stops both. */
async function startOnPbx(answerQueueStatus: QueueStatusAnswer) {
  const metrics = createMetrics();
  const { logger, lines } = capturedLogger('warn');
  const started = await queueSourceOnFakePbx({ logger, metrics, sourceOptions, answerQueueStatus });
  started.source.start();
  return { ...started, metrics, lines };
}

/** Failed QueueStatus attempts counted on /metrics. */
async function failuresCounted(metrics: WallboardMetrics): Promise<number | undefined> {
  return (await metrics.amiQueueStatusFailures.get()).values[0]?.value;
}

/** The fixture's full QueueStatus answer (3 agents, 2 callers waiting in support) for `actionId`. */
const fullAnswer = (actionId: string): string => QUEUE_STATUS_REPLY.replaceAll('ActionID: resync-1', `ActionID: ${actionId}`);

describe('QueueStatus resync on a PBX that fails the first QueueStatus', () => {
  it('tries again on the same connection after an error answer: the state is resynced and the failure counted', async () => {
    let asked = 0;
    const { fake, store, metrics, lines } = await startOnPbx((session, actionId) => {
      asked++;
      if (asked === 1) session.send(frame(['Response: Error', `ActionID: ${actionId}`, 'Message: Queue status failed']));
      else session.send(fullAnswer(actionId));
    });

    await vi.waitFor(async () => {
      const { state } = await store.readLive(FAKE_PBX_SITE);
      expect(Object.keys(state.agents).sort()).toEqual(['Local/1003@agents/n', 'PJSIP/1001', 'PJSIP/1002']);
      expect(Object.keys(state.waiting).sort()).toEqual(['support|1718090955.104', 'support|1718090988.107']);
    }, WAIT);
    expect(asked).toBe(2);
    expect(fake.sessions).toHaveLength(1);
    expect(await failuresCounted(metrics)).toBe(1);
    const failures = lines.filter((line) => line.msg === 'QueueStatus failed; retrying the resync on this connection');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ attempt: 2, err: { message: 'Queue status failed' } });
  });

  it('tries again after no answer, and a late answer to the unanswered one does not undo the events since', async () => {
    const actionIds: string[] = [];
    const { fake, source, aggregator, store, metrics } = await startOnPbx((session, actionId) => {
      actionIds.push(actionId);
      if (actionIds.length > 1) session.send(fullAnswer(actionId));
    });
    await vi.waitFor(async () => expect(Object.keys((await store.readLive(FAKE_PBX_SITE)).state.agents)).toHaveLength(3), WAIT);
    expect(actionIds).toHaveLength(2);
    expect(await failuresCounted(metrics)).toBe(1);

    // a caller joins after the resync; then the first QueueStatus's answer comes, late and stale
    fake.current.send(frame(['Event: QueueCallerJoin', 'Queue: support', 'Uniqueid: live.1', 'Position: 3', 'CallerIDNum: 74950000001']));
    const id = `ActionID: ${actionIds[0]}`;
    fake.current.send(
      frame(['Response: Success', id, 'EventList: start']) +
        frame(['Event: QueueParams', 'Queue: support', 'ServiceLevel: 20', 'Completed: 0', 'Abandoned: 0', id]) +
        frame(['Event: QueueEntry', 'Queue: support', 'Position: 1', 'Uniqueid: stale.1', 'CallerIDNum: 74950000002', 'Wait: 5', id]) +
        frame(['Event: QueueStatusComplete', id, 'EventList: Complete', 'ListItems: 2']),
    );
    await source.drained();
    await aggregator.settled();

    const { state } = await store.readLive(FAKE_PBX_SITE);
    expect(Object.keys(state.waiting).sort()).toEqual(['support|1718090955.104', 'support|1718090988.107', 'support|live.1']);
    expect(Object.keys(state.agents)).toHaveLength(3);
    expect(fake.sessions).toHaveLength(1);
  });

  it('stops trying when the connection ends; the next connection resyncs afresh', async () => {
    // the first connection never answers QueueStatus; the next one does
    const { fake, store } = await startOnPbx((session, actionId) => {
      if (session !== fake.sessions[0]) session.send(fullAnswer(actionId));
    });
    const queueStatuses = (index: number): number => fake.sessions[index]!.actions.filter((action) => action.fields.action === 'QueueStatus').length;
    await vi.waitFor(() => expect(queueStatuses(0)).toBeGreaterThanOrEqual(2), WAIT);
    fake.sessions[0]!.socket.destroy();

    await vi.waitFor(async () => expect(Object.keys((await store.readLive(FAKE_PBX_SITE)).state.agents)).toHaveLength(3), WAIT);
    const triedOnFirst = queueStatuses(0);
    // longer than several backoffs: the ended connection's retries send nothing more (on either connection)
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(queueStatuses(0)).toBe(triedOnFirst);
    expect(queueStatuses(1)).toBe(1);
    expect(fake.sessions).toHaveLength(2);
  });
});
