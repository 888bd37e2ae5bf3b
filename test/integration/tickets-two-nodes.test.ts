import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSlaPolicies } from '../../server/domain/sla/load-sla-policies';
import { DEMO_CONFIG, parseSimulatorConfig } from '../../server/simulator/simulator-config';
import { randomDeskSecrets } from '../../server/simulator/tickets/simulated-desk';
import { RedisLiveStore } from '../../server/store/redis-live-store';
import type { RunningWallboard } from '../../server/wallboard';
import { redisConnection, redisUrl, testWallboardConfig, uniqueKeyPrefix, uniqueSite } from '../support/services';
import { boardTicketFigures, SimulatedTime, startSimulatedDesks, startTicketBoard } from '../support/ticket-board-run';
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
      const time = new SimulatedTime(START);

      const keyPrefix = uniqueKeyPrefix('two-nodes');
      const config = testWallboardConfig({ redis: redisConnection(), site: uniqueSite('tickets'), timeZone: site.timeZone });
      const startNode = async (): Promise<RunningWallboard> => {
        const redis = new Redis(redisUrl());
        closers.push(() => redis.quit());
        const wallboard = await startTicketBoard({ config, clock: time.clock, store: new RedisLiveStore(redis, { keyPrefix }), policies, secrets });
        closers.push(() => wallboard.close());
        return wallboard;
      };
      const nodes = [await startNode(), await startNode()];
      const splitter = await startWebhookSplitter({ targets: nodes.map((node) => node.url), seed: 29, bothShare: 0.05, lateShare: 0.03 });
      closers.push(() => splitter.close());
      const { poster, ledger, failures, advanceTo } = startSimulatedDesks({ baseUrl: splitter.url, site, policies, secrets, time, seed: 23 });
      closers.push(async () => poster.close());

      for (const check of CHECKS) {
        await advanceTo(check);
        await splitter.idle();
        expect(failures, 'deliveries a node refused or never acknowledged').toEqual([]);
        expect(splitter.stats().lateFailures, 'late re-deliveries a node refused').toEqual([]);
        const expected = ledger.expectedFigures(time.now);
        for (const [i, node] of nodes.entries()) {
          expect(await boardTicketFigures(node), `node ${i + 1}'s ticket figures at ${new Date(time.now).toISOString()}`).toEqual(expected);
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
      const final = await boardTicketFigures(nodes[0]!);
      expect(final.open).toBeGreaterThan(100);
      expect(final.today.escalations.length).toBeGreaterThan(0);
    },
    10 * 60_000,
  );
});
