import { execFile } from 'node:child_process';
import { signedFetch } from '../support/test-credentials';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { alertHistoryReplySchema, alertNoticeSchema, alertsFileSchema, type AlertNotice, type AlertsFile } from '../../shared/alerts';
import { siteDay } from '../../shared/site-time';
import { liveSnapshotSchema, type LiveSnapshot } from '../../shared/snapshot';
import { QueueSettingsBook } from '../../server/config/queue-settings';
import type { LiveOp } from '../../server/domain/live-state';
import { startWallboard, type RunningWallboard } from '../../server/wallboard';
import { startAlertReceivers, type AlertReceivers } from '../support/alert-receivers';
import { freshDatabaseUrl, redisConnection, testWallboardConfig } from '../support/services';

/** generous: the machine is shared, and nothing here measures speed */
const WAIT = { timeout: 30_000, interval: 50 };
const QUEUE = 'support';
const TIME_ZONE = 'Europe/Moscow';
/** quick retries: the receivers answer at once */
const QUICK_RETRY = { initialDelayMs: 50, maxDelayMs: 200, maxAttempts: 4 };

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function receivers(): Promise<AlertReceivers> {
  const started = await startAlertReceivers();
  closers.push(() => started.close());
  return started;
}

function alertsFile(r: AlertReceivers, rule: Record<string, unknown>, channels = ['ops', 'slack', 'tg', 'mail']): AlertsFile {
  return alertsFileSchema.parse({
    channels: {
      ops: { type: 'webhook', url: `${r.httpUrl}/hook` },
      slack: { type: 'slack', webhookUrl: `${r.httpUrl}/slack` },
      tg: { type: 'telegram', botToken: '123:abc', chatId: '42', apiBaseUrl: `${r.httpUrl}/tg` },
      mail: { type: 'email', host: '127.0.0.1', port: r.smtpPort, from: 'board@example.test', to: ['lead@example.test'] },
    },
    rules: [{ id: 'support-wait', queue: QUEUE, metric: 'longestWaitSec', above: 60, clearAt: 30, notify: channels, ...rule }],
  });
}

async function start(overrides: Parameters<typeof testWallboardConfig>[0], options: Partial<Parameters<typeof startWallboard>[0]>): Promise<RunningWallboard> {
  const wallboard = await startWallboard({ config: testWallboardConfig({ timeZone: TIME_ZONE, ...overrides }), ami: null, queueSettings: QueueSettingsBook.parse({}), alertRetry: QUICK_RETRY, ...options });
  closers.push(() => wallboard.close());
  return wallboard;
}

/** A red queue: two callers waiting for two minutes. */
function redQueue(): LiveOp[] {
  const joinedAt = Date.now() - 120_000;
  return [
    { op: 'queue.put', queue: { id: QUEUE, serviceLevelSec: 20 } },
    ...['c1', 'c2'].map((callId, i): LiveOp => ({ op: 'waiting.put', caller: { queueId: QUEUE, callId, joinedAt, position: i + 1, callerId: null } })),
  ];
}
const callersGone: LiveOp[] = ['c1', 'c2'].map((callId) => ({ op: 'waiting.delete', queueId: QUEUE, callId }));

async function snapshotOf(wallboard: RunningWallboard): Promise<LiveSnapshot> {
  return liveSnapshotSchema.parse(await (await signedFetch(wallboard, '/api/snapshot')).json());
}

/** "firing", "repeat" or "resolved" of every notification a channel got, in order. */
function kinds(notices: readonly Pick<AlertNotice, 'state' | 'repeat'>[]): string[] {
  return notices.map((n) => (n.state === 'resolved' ? 'resolved' : n.repeat ? 'repeat' : 'firing'));
}

/** What each channel received, as kinds. */
function received(r: AlertReceivers): Record<string, string[]> {
  const textKind = (text: string): string => (text.includes('[RESOLVED]') ? 'resolved' : text.includes('[STILL FIRING]') ? 'repeat' : 'firing');
  const bodies = (at: string): unknown[] => r.posts.filter((p) => p.path === at).map((p) => p.body);
  return {
    ops: kinds(bodies('/hook').map((body) => alertNoticeSchema.parse(body))),
    slack: bodies('/slack').map((body) => textKind((body as { text: string }).text)),
    tg: bodies('/tg/bot123:abc/sendMessage').map((body) => textKind((body as { text: string }).text)),
    mail: r.mails.map((raw) => textKind(/^Subject: (.*)$/m.exec(raw)?.[1] ?? '')),
  };
}

describe('alerts reach people', () => {
  it('a red queue reaches a webhook, Slack, Telegram and a real SMTP server once, repeats while it lasts, and resolves', async () => {
    const r = await receivers();
    r.failNext('/hook', 1);
    const wallboard = await start({ databaseUrl: await freshDatabaseUrl('alerts') }, { alerts: alertsFile(r, { repeatSec: 2 }) });
    const site = (await snapshotOf(wallboard)).site;
    await wallboard.store.apply(site, redQueue());

    await vi.waitFor(() => {
      for (const got of Object.values(received(r))) expect(got).toEqual(expect.arrayContaining(['firing', 'repeat']));
    }, WAIT);
    const firing = await snapshotOf(wallboard);
    expect(firing.alerts).toEqual([expect.objectContaining({ ruleId: 'support-wait', queue: QUEUE, metric: 'longestWaitSec', threshold: 60 })]);

    await wallboard.store.apply(site, callersGone);
    await vi.waitFor(() => {
      for (const got of Object.values(received(r))) expect(got.at(-1)).toBe('resolved');
    }, WAIT);
    await wallboard.alerts!.settled();
    for (const [channel, got] of Object.entries(received(r))) {
      expect(got.filter((k) => k === 'firing'), channel).toEqual(['firing']);
      expect(got.filter((k) => k === 'resolved'), channel).toEqual(['resolved']);
      expect(got[0], channel).toBe('firing');
    }
    expect((await snapshotOf(wallboard)).alerts).toEqual([]);

    // the webhook's body, and its receiver's refusal counted and retried
    const hook = alertNoticeSchema.parse(r.posts.find((p) => p.path === '/hook')!.body);
    expect(hook).toMatchObject({ ruleId: 'support-wait', state: 'firing', queue: QUEUE, metric: 'longestWaitSec', threshold: 60 });
    expect(hook.value).toBeGreaterThan(60);
    expect(Date.parse(hook.at)).not.toBeNaN();
    const metrics = await (await signedFetch(wallboard, '/metrics')).text();
    expect(metrics).toContain('wallboard_alert_delivery_failures_total{channel="ops"} 1');
    expect(metrics).toMatch(/wallboard_alert_notifications_total\{channel="mail",outcome="sent"\} [3-9]/);

    // the history page's data: every notification, with its channels
    const history = alertHistoryReplySchema.parse(await (await signedFetch(wallboard, `/api/alerts/history?date=${siteDay(TIME_ZONE, Date.now())}`)).json());
    expect(kinds(history.notices)).toEqual(received(r).ops);
    expect(history.notices[0]!.channels).toEqual(['ops', 'slack', 'tg', 'mail']);
  });

  it('a receiver that is down holds up neither the board nor the other channels: its notifications are given up and counted', async () => {
    const r = await receivers();
    r.failNext('/hook', 1_000);
    const wallboard = await start({}, { alerts: alertsFile(r, {}, ['ops', 'slack']) });
    const site = (await snapshotOf(wallboard)).site;
    await wallboard.store.apply(site, redQueue());
    await vi.waitFor(() => expect(received(r).slack).toEqual(['firing']), WAIT);
    // the board showed the alert meanwhile: its snapshots never wait for a delivery
    expect((await snapshotOf(wallboard)).alerts).toHaveLength(1);
    await wallboard.alerts!.settled();
    expect(received(r).ops).toEqual([]);
    const metrics = await (await signedFetch(wallboard, '/metrics')).text();
    expect(metrics).toContain('wallboard_alert_notifications_total{channel="ops",outcome="failed"} 1');
    expect(metrics).toContain('wallboard_alert_delivery_failures_total{channel="ops"} 4');
  });
});

describe('alerts across nodes', () => {
  it('two nodes on one Redis: both boards show the alert, exactly one notification of each goes out, also after the sender stops', async () => {
    const r = await receivers();
    const config = testWallboardConfig({ redis: redisConnection(), timeZone: TIME_ZONE });
    const file = alertsFile(r, {}, ['ops']);
    const nodes = [await start(config, { alerts: file }), await start(config, { alerts: file })];
    await vi.waitFor(() => expect(nodes.filter((node) => node.alerts!.sending)).toHaveLength(1), WAIT);

    await nodes[0]!.store.apply(config.site, redQueue());
    await vi.waitFor(() => expect(received(r).ops).toEqual(['firing']), WAIT);
    for (const node of nodes) await vi.waitFor(async () => expect((await snapshotOf(node)).alerts).toHaveLength(1), WAIT);

    // the sender stops; the other node takes the lease over and sends the resolution, once
    const [sender, other] = nodes[0]!.alerts!.sending ? [nodes[0]!, nodes[1]!] : [nodes[1]!, nodes[0]!];
    await sender.close();
    await vi.waitFor(() => expect(other.alerts!.sending).toBe(true), WAIT);
    await other.store.apply(config.site, callersGone);
    await vi.waitFor(() => expect(received(r).ops).toEqual(['firing', 'resolved']), WAIT);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(received(r).ops).toEqual(['firing', 'resolved']);
  });
});

describe('a bad ALERTS_FILE', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bad-alerts-'));
  const file = path.join(dir, 'alerts.json');
  writeFileSync(file, JSON.stringify({ channels: {}, rules: [{ id: 'support-wait', metric: 'longestWaitSec', abve: 60, notify: ['ops'] }] }));
  const expected = [
    `ALERTS_FILE ${file} is invalid:`,
    'rule "support-wait" (rules.0): (the rule): Unrecognized key: "abve"',
    'rule "support-wait" (rules.0): above: give exactly one of "above" and "below"',
  ];

  it('fails the start naming the rule and the field', async () => {
    await expect(startWallboard({ config: testWallboardConfig({ alertsFile: file }), ami: null, queueSettings: QueueSettingsBook.parse({}) })).rejects.toThrow(expected.join('\n  '));
  });

  it('stops `npm start` before the page build, with exit code 2', async () => {
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/config/check-config.ts'], {
      env: { ...process.env, ALERTS_FILE: file },
    });
    await expect(run).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining(expected.join('\n  ')) });
  });
});
