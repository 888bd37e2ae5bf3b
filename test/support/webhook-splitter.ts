import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { retryAfterMs } from '../../server/resilience/retry-after';
import { Random } from '../../server/simulator/random';

/**
 * A load balancer without affinity in front of several boards, for webhooks:
 * each request goes to one board picked at random; some go to two boards at
 * once (a sender's retry racing its original on another node), and some are
 * sent again, a little later, to a board other than the one that took them (a
 * late re-delivery, arriving after the ticket's next updates). The sender gets
 * the picked board's answer; of a request sent to two at once, a failure if
 * either failed (so it retries), else the first board's answer, with its
 * Retry-After. A late re-delivery a board throttles waits as told and goes
 * again, as its sender would.
 */
export interface WebhookSplitterOptions {
  /** the boards, e.g. http://127.0.0.1:3000 */
  targets: readonly string[];
  seed: number;
  /** share of requests sent to two boards at once */
  bothShare: number;
  /** share of requests sent again later to another board */
  lateShare: number;
  /** the most a late re-delivery waits, real ms */
  lateMaxDelayMs?: number;
}

export interface SplitterStats {
  /** requests each board took (both of a pair counted) */
  perTarget: number[];
  /** requests sent to two boards at once */
  both: number;
  /** late re-deliveries sent */
  late: number;
  /** late re-deliveries a board did not answer 2xx, with its answer */
  lateFailures: string[];
}

export interface WebhookSplitter {
  /** http://127.0.0.1:<port>: where the sender posts */
  readonly url: string;
  /** Resolves once every late re-delivery planned so far has been answered. */
  idle(): Promise<void>;
  stats(): SplitterStats;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body: string;
  retryAfter: string | null;
}

const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

export async function startWebhookSplitter(options: WebhookSplitterOptions): Promise<WebhookSplitter> {
  const { targets } = options;
  if (targets.length < 2) throw new RangeError('a splitter needs two boards at least');
  const random = new Random(options.seed);
  const lateMaxDelayMs = options.lateMaxDelayMs ?? 50;
  const stats: SplitterStats = { perTarget: targets.map(() => 0), both: 0, late: 0, lateFailures: [] };
  const lateSends = new Set<Promise<void>>();

  const forward = async (target: number, req: IncomingMessage, body: Buffer): Promise<Answer> => {
    stats.perTarget[target]! += 1;
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter((entry): entry is [string, string] => !HOP_BY_HOP.has(entry[0]) && typeof entry[1] === 'string'),
    );
    try {
      const response = await fetch(`${targets[target]}${req.url}`, { method: req.method, headers, body: new Uint8Array(body) });
      return { status: response.status, body: await response.text(), retryAfter: response.headers.get('retry-after') };
    } catch (error) {
      return { status: 502, body: `board ${target} unreachable: ${(error as Error).message}`, retryAfter: null };
    }
  };

  const other = (target: number): number => (target + random.int(1, targets.length - 1)) % targets.length;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    // Seeded decisions, drawn per request as its body is in.
    const first = random.int(0, targets.length - 1);
    const second = random.chance(options.bothShare) ? other(first) : null;
    const late = random.chance(options.lateShare) ? { target: other(first), delayMs: random.int(0, lateMaxDelayMs) } : null;

    let answer: Answer;
    if (second === null) {
      answer = await forward(first, req, body);
    } else {
      stats.both += 1;
      const answers = await Promise.all([forward(first, req, body), forward(second, req, body)]);
      answer = answers.find((one) => one.status >= 300) ?? answers[0]!;
    }
    res.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.retryAfter === null ? {} : { 'retry-after': answer.retryAfter }) }).end(answer.body);

    if (late && answer.status < 300) {
      stats.late += 1;
      const send = (async () => {
        await new Promise((resolve) => setTimeout(resolve, late.delayMs));
        let again = await forward(late.target, req, body);
        while (again.status === 429) {
          await new Promise((resolve) => setTimeout(resolve, retryAfterMs(again.retryAfter, Date.now(), 60_000)));
          again = await forward(late.target, req, body);
        }
        if (again.status >= 300) stats.lateFailures.push(`${req.url} to board ${late.target}: ${again.status} ${again.body.slice(0, 200)}`);
      })();
      lateSends.add(send);
      void send.finally(() => lateSends.delete(send));
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    async idle() {
      while (lateSends.size > 0) await Promise.all([...lateSends]);
    },
    stats: () => ({ ...stats, perTarget: [...stats.perTarget], lateFailures: [...stats.lateFailures] }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
