import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveSnapshot } from '../../shared/snapshot';
import type { TicketSnapshot } from '../../shared/ticket-snapshot';
import { QueueSettingsBook } from '../../server/config/queue-settings';
import { loadSlaPolicies } from '../../server/domain/sla/load-sla-policies';
import { webhookConfigSchema } from '../../server/ingest/webhooks/webhook-config';
import { createLogger } from '../../server/observability/logger';
import { DEMO_CONFIG, parseSimulatorConfig } from '../../server/simulator/simulator-config';
import { randomDeskSecrets, simulatedDeskWebhookConfig } from '../../server/simulator/tickets/simulated-desk';
import { TicketGenerator } from '../../server/simulator/tickets/ticket-generator';
import { sortEscalations, sortMatrix, TicketLedger, type TicketFigures } from '../../server/simulator/tickets/ticket-ledger';
import { TicketModel } from '../../server/simulator/tickets/ticket-model';
import { ticketModelConfigForCallSite } from '../../server/simulator/tickets/ticket-model-config';
import { WebhookPoster } from '../../server/simulator/tickets/webhook-poster';
import { RedisLiveStore } from '../../server/store/redis-live-store';
import { startWallboard, type RunningWallboard } from '../../server/wallboard';
import { redisConnection, redisUrl, uniqueKeyPrefix, uniqueSite, testWallboardConfig } from '../support/services';

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
const STEP = 10 * MINUTE;

/** The board's ticket figures in the ledger's form: lists in a fixed order, the configured target left out. */
function figuresOf(tickets: TicketSnapshot): TicketFigures {
  const { slaTargetPct: _target, ...figures } = tickets;
  return { ...figures, openMatrix: sortMatrix(figures.openMatrix), today: { ...figures.today, escalations: sortEscalations(figures.today.escalations) } };
}

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
      let now = START;
      const clock = () => now;

      const redis = new Redis(redisUrl());
      const store = new RedisLiveStore(redis, { keyPrefix: uniqueKeyPrefix('tickets') });
      const config = testWallboardConfig({ redis: redisConnection(), site: uniqueSite('tickets'), timeZone: site.timeZone });
      const wallboard = await startWallboard({
        config,
        ami: null,
        logger: createLogger('silent'),
        clock,
        store,
        queueSettings: QueueSettingsBook.parse({ queues: {} }),
        clientDir: '/nonexistent',
        tickets: { policies, webhooks: webhookConfigSchema.parse(simulatedDeskWebhookConfig(secrets)), slaTargetPct: 90 },
      });
      run = {
        wallboard,
        redis,
        async close() {
          await wallboard.close();
          await redis.quit();
        },
      };

      const failures: string[] = [];
      const poster = new WebhookPoster({
        baseUrl: wallboard.url,
        concurrency: 8,
        seed: 17,
        onFailure: (delivery, reason) => failures.push(`${delivery.path} ${delivery.ticketId}: ${reason}`),
      });
      const model = new TicketModel(ticketModelConfigForCallSite(site, { seed: 17 }), START);
      const ledger = new TicketLedger(policies, site.timeZone);
      const generator = new TicketGenerator({ model, poster, secrets, clock, ledger, batchSize: 2000 });

      const snapshotTickets = async (): Promise<TicketSnapshot> => {
        const response = await fetch(`${wallboard.url}/api/snapshot`);
        expect(response.status).toBe(200);
        const snapshot = (await response.json()) as LiveSnapshot;
        expect(snapshot.tickets, 'the snapshot has a ticket half').toBeDefined();
        return snapshot.tickets!;
      };

      for (const check of CHECKS) {
        while (now < check) {
          now = Math.min(check, now + STEP);
          await generator.catchUp();
        }
        // A 200 means the delivery's events are in the store: once the poster is idle, the board has everything.
        await poster.idle();
        expect(failures, 'deliveries the board refused or never acknowledged').toEqual([]);
        const board = figuresOf(await snapshotTickets());
        expect(board, `ticket figures at ${new Date(now).toISOString()}`).toEqual(ledger.expectedFigures(now));
      }

      const stats = poster.stats();
      expect(ledger.ticketCount).toBeGreaterThan(2500);
      // Every change was delivered, some twice, some after the update that supersedes them.
      expect(stats.delivered).toBe(ledger.events.filter((e) => e.kind !== 'ticket.solved' && e.kind !== 'ticket.reopened').length);
      expect(stats.failed).toBe(0);
      expect(stats.duplicates / stats.delivered).toBeGreaterThan(0.02);
      expect(stats.reordered / stats.delivered).toBeGreaterThan(0.01);
      const final = figuresOf(await snapshotTickets());
      expect(final.open).toBeGreaterThan(100);
      expect(final.breached).toBeGreaterThan(0);
      expect(final.today.escalations.length).toBeGreaterThan(0);
      poster.close();
    },
    30 * 60_000,
  );
});
