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
import { redisUrl, testWallboardConfig, uniqueKeyPrefix, uniqueSite } from '../support/services';
import { startWebhookSplitter } from '../support/webhook-splitter';

/**
 * Tickets on any node: two wallboards on one Redis and one site, the simulated
 * desks' webhooks split between them at random by a balancer without
 * affinity. On top of the poster's own re-deliveries and reordered updates,
 * some deliveries go to both nodes at once and some again, later, to the other
 * node. Consecutive updates of a ticket land on different nodes, so each node
 * must act on the ticket as the store holds it. At every check both boards
 * must show exactly the ledger's ticket figures.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Monday 2026-11-23 20:00 in Moscow (the demo site's zone) */
const START = Date.parse('2026-11-23T17:00:00Z');
/** checks: the evening, just after the site's midnight, the next morning */
const CHECKS = [START + 2 * HOUR, START + 4 * HOUR + 10 * MINUTE, START + 13 * HOUR];
const STEP = 10 * MINUTE;

function figuresOf(tickets: TicketSnapshot): TicketFigures {
  const { slaTargetPct: _target, ...figures } = tickets;
  return { ...figures, openMatrix: sortMatrix(figures.openMatrix), today: { ...figures.today, escalations: sortEscalations(figures.today.escalations) } };
}

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe('tickets taken by two nodes equal the simulated desks ledger', () => {
  it(
    'with deliveries split at random, some to both nodes at once and some again later to the other: both boards at every check',
    async () => {
      const site = parseSimulatorConfig(DEMO_CONFIG);
      const policies = loadSlaPolicies('config/sla-policies.json');
      const secrets = randomDeskSecrets();
      let now = START;
      const clock = () => now;

      const keyPrefix = uniqueKeyPrefix('two-nodes');
      const config = testWallboardConfig({ redisUrl: redisUrl(), site: uniqueSite('tickets'), timeZone: site.timeZone });
      const startNode = async (): Promise<RunningWallboard> => {
        const redis = new Redis(redisUrl());
        closers.push(() => redis.quit());
        const wallboard = await startWallboard({
          config,
          ami: null,
          logger: createLogger('silent'),
          clock,
          store: new RedisLiveStore(redis, { keyPrefix }),
          queueSettings: QueueSettingsBook.parse({ queues: {} }),
          clientDir: '/nonexistent',
          tickets: { policies, webhooks: webhookConfigSchema.parse(simulatedDeskWebhookConfig(secrets)), slaTargetPct: 90 },
        });
        closers.push(() => wallboard.close());
        return wallboard;
      };
      const nodes = [await startNode(), await startNode()];
      const splitter = await startWebhookSplitter({ targets: nodes.map((node) => node.url), seed: 29, bothShare: 0.05, lateShare: 0.03 });
      closers.push(() => splitter.close());

      const failures: string[] = [];
      const poster = new WebhookPoster({
        baseUrl: splitter.url,
        concurrency: 8,
        seed: 23,
        onFailure: (delivery, reason) => failures.push(`${delivery.path} ${delivery.ticketId}: ${reason}`),
      });
      closers.push(async () => poster.close());
      const model = new TicketModel(ticketModelConfigForCallSite(site, { seed: 23 }), START);
      const ledger = new TicketLedger(policies, site.timeZone);
      const generator = new TicketGenerator({ model, poster, secrets, clock, ledger, batchSize: 2000 });

      const boardFigures = async (node: RunningWallboard): Promise<TicketFigures> => {
        const response = await fetch(`${node.url}/api/snapshot`);
        expect(response.status).toBe(200);
        const snapshot = (await response.json()) as LiveSnapshot;
        expect(snapshot.tickets, 'the snapshot has a ticket half').toBeDefined();
        return figuresOf(snapshot.tickets!);
      };

      for (const check of CHECKS) {
        while (now < check) {
          now = Math.min(check, now + STEP);
          await generator.catchUp();
        }
        await poster.idle();
        await splitter.idle();
        expect(failures, 'deliveries a node refused or never acknowledged').toEqual([]);
        expect(splitter.stats().lateFailures, 'late re-deliveries a node refused').toEqual([]);
        const expected = ledger.expectedFigures(now);
        for (const [i, node] of nodes.entries()) {
          expect(await boardFigures(node), `node ${i + 1}'s ticket figures at ${new Date(now).toISOString()}`).toEqual(expected);
        }
      }

      const posted = poster.stats();
      const split = splitter.stats();
      expect(ledger.ticketCount).toBeGreaterThan(1500);
      expect(posted.failed).toBe(0);
      expect(posted.duplicates / posted.delivered).toBeGreaterThan(0.02);
      expect(posted.reordered / posted.delivered).toBeGreaterThan(0.01);
      // each node took a good share, and the races happened
      for (const taken of split.perTarget) expect(taken / (posted.delivered + posted.duplicates)).toBeGreaterThan(0.4);
      expect(split.both).toBeGreaterThan(100);
      expect(split.late).toBeGreaterThan(50);
      const final = await boardFigures(nodes[0]!);
      expect(final.open).toBeGreaterThan(100);
      expect(final.today.escalations.length).toBeGreaterThan(0);
    },
    10 * 60_000,
  );
});
