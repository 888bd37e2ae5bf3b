import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSlaPolicies } from '../../server/domain/sla/load-sla-policies';
import { DEMO_CONFIG, parseSimulatorConfig } from '../../server/simulator/simulator-config';
import { randomDeskSecrets } from '../../server/simulator/tickets/simulated-desk';
import { RedisLiveStore } from '../../server/store/redis-live-store';
import type { RunningWallboard } from '../../server/wallboard';
import { redisConnection, redisUrl, uniqueKeyPrefix, uniqueSite, testWallboardConfig } from '../support/services';
import { boardTicketFigures, SimulatedTime, startSimulatedDesks, startTicketBoard } from '../support/ticket-board-run';

/**
 * The ticket board against the truth: the simulated desks post signed
 * webhooks in all three formats over real HTTP (with re-deliveries and
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
afterEach(async () => {
  await run?.close();
  run = null;
});

describe('tickets on the board equal the simulated desks ledger', () => {
  it(
    'after 15 simulated hours of generic, Zendesk and Jira webhooks over HTTP into Redis: every ticket figure at every check',
    async () => {
      const site = parseSimulatorConfig(DEMO_CONFIG);
      const policies = loadSlaPolicies('config/sla-policies.json');
      const secrets = randomDeskSecrets();
      const time = new SimulatedTime(START);

      const redis = new Redis(redisUrl());
      const store = new RedisLiveStore(redis, { keyPrefix: uniqueKeyPrefix('tickets') });
      const config = testWallboardConfig({ redis: redisConnection(), site: uniqueSite('tickets'), timeZone: site.timeZone });
      const wallboard = await startTicketBoard({ config, clock: time.clock, store, policies, secrets });
      run = {
        wallboard,
        redis,
        async close() {
          await wallboard.close();
          await redis.quit();
        },
      };

      const { poster, ledger, failures, advanceTo } = startSimulatedDesks({ baseUrl: wallboard.url, site, policies, secrets, time, seed: 17 });
      for (const check of CHECKS) {
        await advanceTo(check);
        expect(failures, 'deliveries the board refused or never acknowledged').toEqual([]);
        const board = await boardTicketFigures(wallboard);
        expect(board, `ticket figures at ${new Date(time.now).toISOString()}`).toEqual(ledger.expectedFigures(time.now));
      }

      const stats = poster.stats();
      expect(ledger.ticketCount).toBeGreaterThan(2500);
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
});
