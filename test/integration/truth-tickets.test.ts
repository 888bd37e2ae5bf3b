import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSlaPolicies } from '../../server/domain/sla/load-sla-policies';
import { DEMO_CONFIG, parseSimulatorConfig } from '../../server/simulator/simulator-config';
import type { DeskApiConfig } from '../../server/config/env-config';
import type { SlaPolicies } from '../../server/domain/sla/sla-policy';
import { randomDeskSecrets, type DeskSecrets } from '../../server/simulator/tickets/simulated-desk';
import { RedisLiveStore } from '../../server/store/redis-live-store';
import type { RunningWallboard } from '../../server/wallboard';
import { redisConnection, redisUrl, uniqueKeyPrefix, uniqueSite, testWallboardConfig } from '../support/services';
import { FAKE_DESK_TOKEN, FAKE_DESK_USER, startFakeDeskApi, type FakeDeskApi } from '../support/fake-desk-api';
import { boardTicketFigures, LossyDesks, SimulatedTime, startSimulatedDesks, startTicketBoard } from '../support/ticket-board-run';
import { TicketModel } from '../../server/simulator/tickets/ticket-model';
import { ticketModelConfigForCallSite } from '../../server/simulator/tickets/ticket-model-config';
import type { TicketChange } from '../../server/simulator/tickets/ticket-change';
import { Random } from '../../server/simulator/random';

/**
 * The ticket board against the truth: the simulated desks post signed
 * webhooks in all six formats (generic, Zendesk, Jira, Zammad, Freshdesk,
 * Help Scout) over real HTTP (with re-deliveries and
 * reordered updates) into a real wallboard on real Redis, and every ticket
 * figure on /api/snapshot must equal what the ledger computed from the truth
 * with the SLA engine, at the same instant.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Monday 2026-11-23 20:00 in Moscow (the demo site's zone): an evening, a night, a morning. */
const START = Date.parse('2026-11-23T17:00:00Z');
/** Tuesday 11:00 in Moscow */
const END = START + 15 * HOUR;
/** checks: the evening, just after the site's midnight, early morning, and the busy late morning */
const CHECKS = [START + 2 * HOUR, START + 4 * HOUR + 10 * MINUTE, START + 11 * HOUR, END];

interface TicketRun {
  wallboard: RunningWallboard;
  redis: Redis;
  close(): Promise<void>;
}

let run: TicketRun | null = null;
let api: FakeDeskApi | null = null;
afterEach(async () => {
  await run?.close();
  run = null;
  await api?.close();
  api = null;
});

/** A ticket board on real Redis and the simulated clock, closed after the test. */
async function startRedisTicketBoard(options: {
  time: SimulatedTime;
  timeZone: string;
  policies: SlaPolicies;
  secrets: DeskSecrets;
  deskApis?: DeskApiConfig;
}): Promise<RunningWallboard> {
  const redis = new Redis(redisUrl());
  const store = new RedisLiveStore(redis, { keyPrefix: uniqueKeyPrefix('tickets') });
  const config = testWallboardConfig({ redis: redisConnection(), site: uniqueSite('tickets'), timeZone: options.timeZone });
  const wallboard = await startTicketBoard({ ...options, config, clock: options.time.clock, store });
  run = {
    wallboard,
    redis,
    async close() {
      await wallboard.close();
      await redis.quit();
    },
  };
  return wallboard;
}

describe('tickets on the board equal the simulated desks ledger', () => {
  it(
    'after 15 simulated hours of generic, Zendesk, Jira, Zammad, Freshdesk and Help Scout webhooks over HTTP into Redis: every ticket figure at every check',
    async () => {
      const site = parseSimulatorConfig(DEMO_CONFIG);
      const policies = loadSlaPolicies('config/sla-policies.json');
      const secrets = randomDeskSecrets();
      const time = new SimulatedTime(START);

      const wallboard = await startRedisTicketBoard({ time, timeZone: site.timeZone, policies, secrets });

      const { poster, ledger, failures, advanceTo } = startSimulatedDesks({ baseUrl: wallboard.url, site, policies, secrets, time, seed: 17 });
      for (const check of CHECKS) {
        await advanceTo(check);
        expect(failures, 'deliveries the board refused or never acknowledged').toEqual([]);
        const board = await boardTicketFigures(wallboard);
        expect(board, `ticket figures at ${new Date(time.now).toISOString()}`).toEqual(ledger.expectedFigures(time.now));
      }

      const stats = poster.stats();
      expect(ledger.ticketCount).toBeGreaterThan(2500);
      for (const desk of ['generic', 'zendesk', 'jira', 'zammad', 'freshdesk', 'helpscout']) {
        expect(ledger.events.filter((e) => e.source === desk).length, `${desk} changes in the run`).toBeGreaterThan(500);
      }
      // Every change was delivered, some twice, some after the update that supersedes them.
      expect(stats.delivered).toBe(ledger.events.filter((e) => e.kind !== 'ticket.solved' && e.kind !== 'ticket.reopened').length);
      expect(stats.failed).toBe(0);
      expect(stats.duplicates / stats.delivered).toBeGreaterThan(0.02);
      expect(stats.reordered / stats.delivered).toBeGreaterThan(0.01);
      const final = await boardTicketFigures(wallboard);
      expect(final.open).toBeGreaterThan(100);
      expect(final.breached).toBeGreaterThan(0);
      expect(final.today.escalations.length).toBeGreaterThan(0);
      poster.close();
    },
    30 * 60_000,
  );

  it(
    'with a backlog from before the board started, webhooks lost on purpose and healed by the REST reconcile: every ticket figure before and after each read',
    async () => {
      const site = parseSimulatorConfig(DEMO_CONFIG);
      const policies = loadSlaPolicies('config/sla-policies.json');
      const secrets = randomDeskSecrets();
      /** the desks open six hours before the board starts (Monday 14:00 in Moscow) */
      const DESKS_OPEN = START - 6 * HOUR;
      /** Zendesk and Jira lose every delivery in these windows (they gave up after their retries), and 1 in 12 besides */
      const OUTAGES = [
        [START + 1 * HOUR, START + 1 * HOUR + 40 * MINUTE],
        [START + 7 * HOUR, START + 8 * HOUR],
      ];
      const checks = [START + 2 * HOUR, START + 4 * HOUR + 10 * MINUTE, START + 9 * HOUR];
      const time = new SimulatedTime(START);
      api = await startFakeDeskApi({ clock: time.clock, zendeskPageSize: 200, jiraPageSize: 100 });
      const chance = new Random(23);
      const lost = (change: TicketChange): boolean =>
        change.at < START ||
        (change.ticket.desk !== 'generic' && (OUTAGES.some(([from, to]) => change.at >= from! && change.at < to!) || chance.next() < 1 / 12));
      const lossy = new LossyDesks(api, policies, site.timeZone, lost);

      // The backlog: six hours of the desks with no board listening. Only Zendesk and Jira have a REST API the
      // board reads, so the tickets live in those (and the generic desk, whose deliveries are never lost here).
      const desks = { generic: 0.45, zendesk: 0.35, jira: 0.2, zammad: 0, freshdesk: 0, helpscout: 0 };
      const model = new TicketModel(ticketModelConfigForCallSite(site, { seed: 29, desks }), DESKS_OPEN);
      for (const change of model.advanceTo(START)) lossy.record(change);
      expect(api.zendesk.size + api.jira.size).toBeGreaterThan(100);

      const access = { baseUrl: api.url, user: FAKE_DESK_USER, token: FAKE_DESK_TOKEN };
      const wallboard = await startRedisTicketBoard({
        time,
        timeZone: site.timeZone,
        policies,
        secrets,
        // the test reads the desks at its checks: the timer's period is longer than the run
        deskApis: { zendesk: access, jira: { ...access, jql: 'project = SD' }, reconcileEveryMs: 24 * HOUR, backfillDays: 14 },
      });

      // The read at start shows the backlog.
      await lossy.reconcile(wallboard);
      const backlog = await boardTicketFigures(wallboard);
      expect(backlog.open).toBeGreaterThan(50);
      expect(backlog, 'the backlog at start').toEqual(lossy.ledger.expectedFigures(time.now));

      const { poster, failures, advanceTo } = startSimulatedDesks({ baseUrl: wallboard.url, site, policies, secrets, time, seed: 31, model, lossy });
      let healed = 0;
      for (const check of checks) {
        await advanceTo(check);
        expect(failures, 'deliveries the board refused or never acknowledged').toEqual([]);
        const before = await boardTicketFigures(wallboard);
        expect(before, `ticket figures at ${new Date(time.now).toISOString()}, lost webhooks not yet read back`).toEqual(lossy.ledger.expectedFigures(time.now));
        await lossy.reconcile(wallboard);
        const after = await boardTicketFigures(wallboard);
        expect(after, `ticket figures at ${new Date(time.now).toISOString()}, after the read`).toEqual(lossy.ledger.expectedFigures(time.now));
        if (JSON.stringify(after) !== JSON.stringify(before)) healed += 1;
      }
      expect(lossy.lostCount).toBeGreaterThan(200);
      expect(healed, 'checks at which the read changed the board').toBeGreaterThan(0);
      expect(poster.stats().failed).toBe(0);
      poster.close();
    },
    30 * 60_000,
  );
});
