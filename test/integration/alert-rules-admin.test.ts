import { afterEach, describe, expect, it, vi } from 'vitest';
import { signedFetch } from '../support/test-credentials';
import { alertRulesReplySchema, alertsFileSchema, type AlertRulesReply } from '../../shared/alerts';
import { apiErrorSchema } from '../../shared/api-error';
import { QueueSettingsBook } from '../../server/config/queue-settings';
import { liveSnapshotSchema } from '../../shared/snapshot';
import { startWallboard, type RunningWallboard } from '../../server/wallboard';
import { freshDatabaseUrl, testWallboardConfig } from '../support/services';

/** The admin page's rules: checked like the file, kept in Postgres, taken up by every node and by the next start. */

const WAIT = { timeout: 20_000, interval: 100 };
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const file = alertsFileSchema.parse({
  channels: { ops: { type: 'webhook', url: 'http://127.0.0.1:9/never-called' } },
  rules: [{ id: 'from-file', queue: 'support', metric: 'waiting', above: 50 }],
});

async function rulesOf(node: RunningWallboard): Promise<AlertRulesReply> {
  return alertRulesReplySchema.parse(await (await signedFetch(node, '/api/alerts/rules')).json());
}

function put(node: RunningWallboard, document: unknown): Promise<Response> {
  return signedFetch(node, '/api/alerts/rules', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(document) });
}

describe('alert rules on the admin page', () => {
  it('refuses bad rules naming rule and field, keeps good ones for every node and the next start, and the engine uses them', async () => {
    const config = testWallboardConfig({ databaseUrl: await freshDatabaseUrl('alert_rules') });
    const start = async (): Promise<RunningWallboard> => {
      const node = await startWallboard({ config, ami: null, queueSettings: QueueSettingsBook.parse({}), alerts: file });
      closers.push(() => node.close());
      return node;
    };
    const [a, b] = [await start(), await start()];
    expect(await rulesOf(a)).toMatchObject({ source: 'file', rules: [{ id: 'from-file' }], channels: [{ name: 'ops', type: 'webhook' }] });

    const refused = await put(a, { rules: [{ id: 'wait', queue: 'support', metric: 'waiting', above: 1, below: 0 }, { id: 'x', metric: 'waiting', above: 1, notify: ['sms'] }] });
    expect(refused.status).toBe(400);
    expect(apiErrorSchema.parse(await refused.json()).errors).toEqual([
      { path: 'rules.0.above', message: 'rule "wait" (rules.0): above: give exactly one of "above" and "below"' },
    ]);
    const unknownChannel = apiErrorSchema.parse(await (await put(a, { rules: [{ id: 'x', metric: 'waiting', above: 1, notify: ['sms'] }] })).json());
    expect(unknownChannel.errors).toEqual([{ path: 'rules.0.notify.0', message: 'rule "x" (rules.0): notify.0: no channel "sms" (channels: ops)' }]);

    const saved = await put(a, { quietHours: { from: '22:00', to: '07:00' }, rules: [{ id: 'saved-wait', queue: 'support', metric: 'waiting', above: 0, notify: ['ops'] }] });
    expect(saved.status).toBe(200);
    // a settings change is in the audit log, with who made it; the refused ones before it changed nothing
    await vi.waitFor(async () => {
      const { entries } = (await (await signedFetch(a, '/api/admin/audit')).json()) as { entries: { action: string; actor: string | null }[] };
      expect(entries.filter((entry) => entry.action === 'alert-rules-saved')).toEqual([expect.objectContaining({ actor: expect.stringMatching(/^test-admin-/) })]);
    }, WAIT);
    expect(await rulesOf(a)).toMatchObject({ source: 'saved', quietHours: { from: '22:00', to: '07:00' }, rules: [{ id: 'saved-wait', forSec: 0 }] });
    await vi.waitFor(async () => expect(await rulesOf(b)).toMatchObject({ source: 'saved', rules: [{ id: 'saved-wait' }] }), WAIT);

    // the engine runs the saved rule
    await a.store.apply(config.site, [
      { op: 'queue.put', queue: { id: 'support', serviceLevelSec: 20 } },
      { op: 'waiting.put', caller: { queueId: 'support', callId: 'c1', joinedAt: Date.now(), position: 1, callerId: null } },
    ]);
    await vi.waitFor(async () => {
      const snapshot = liveSnapshotSchema.parse(await (await signedFetch(a, '/api/snapshot')).json());
      expect(snapshot.alerts?.map((alert) => alert.ruleId)).toEqual(['saved-wait']);
    }, WAIT);

    await a.close();
    const c = await start();
    expect(await rulesOf(c)).toMatchObject({ source: 'saved', rules: [{ id: 'saved-wait' }] });
  });
});
