import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookDelivery } from '../../../server/simulator/tickets/webhook-delivery';
import { WebhookPoster, type WebhookPosterOptions } from '../../../server/simulator/tickets/webhook-poster';

interface Received {
  ticket: string;
  n: number;
  headers: IncomingHttpHeaders;
}

type Answer = { status: number; delayMs?: number; headers?: Record<string, string> } | 'drop';

/** A receiver on 127.0.0.1 that records every request and answers as told. */
async function startReceiver(answer: (body: { ticket: string; n: number }, attempt: number) => Answer) {
  const requests: Received[] = [];
  const attempts = new Map<string, number>();
  let inFlight = 0;
  let maxInFlight = 0;
  const server: Server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { ticket: string; n: number };
      const key = `${body.ticket}/${body.n}`;
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      const reply = answer(body, attempt);
      if (reply === 'drop') {
        inFlight--;
        req.socket.destroy();
        return;
      }
      setTimeout(() => {
        if (reply.status < 300) requests.push({ ...body, headers: req.headers });
        inFlight--;
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end('{"status":"x"}');
      }, reply.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** requests answered 2xx, in the order they were answered */
    requests,
    attempts,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Receiver = Awaited<ReturnType<typeof startReceiver>>;
let receiver: Receiver | null = null;
let poster: WebhookPoster | null = null;
afterEach(async () => {
  poster?.close();
  poster = null;
  await receiver?.close();
  receiver = null;
});

function delivery(ticket: string, n: number, supersededByNext = false): WebhookDelivery {
  const body = JSON.stringify({ ticket, n });
  return { path: '/hook', body, headers: { 'content-type': 'application/json', 'x-signature': `sig-${ticket}-${n}` }, ticketId: ticket, at: n, supersededByNext };
}

/** `tickets` tickets with `perTicket` deliveries each, interleaved as a busy desk sends them. */
function interleaved(
  tickets: number,
  perTicket: number,
  superseded: (n: number, ticket: number) => boolean = () => false,
): WebhookDelivery[] {
  const batch: WebhookDelivery[] = [];
  for (let n = 0; n < perTicket; n++) for (let t = 0; t < tickets; t++) batch.push(delivery(`T${t}`, n, superseded(n, t)));
  return batch;
}

function orderOf(requests: readonly Received[]): Map<string, number[]> {
  const order = new Map<string, number[]>();
  for (const { ticket, n } of requests) order.set(ticket, [...(order.get(ticket) ?? []), n]);
  return order;
}

function startPoster(options: Omit<WebhookPosterOptions, 'baseUrl'>): WebhookPoster {
  poster = new WebhookPoster({ baseUrl: receiver!.url, duplicateShare: 0, reorderShare: 0, backoffBaseMs: 1, backoffMaxMs: 5, ...options });
  return poster;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('the webhook poster', () => {
  it("sends each ticket's deliveries one at a time in order, many tickets at once but never more than `concurrency`", async () => {
    receiver = await startReceiver((body) => ({ status: 200, delayMs: (body.n * 7 + Number(body.ticket.slice(1))) % 4 }));
    const sender = startPoster({ concurrency: 4 });
    await sender.send(interleaved(30, 8));
    await sender.idle();
    for (const [ticket, order] of orderOf(receiver.requests)) expect(order, ticket).toEqual(range(8));
    expect(receiver.requests).toHaveLength(240);
    expect(receiver.maxInFlight()).toBeLessThanOrEqual(4);
    expect(receiver.maxInFlight()).toBeGreaterThan(1);
    expect(sender.stats()).toMatchObject({ delivered: 240, duplicates: 0, reordered: 0, retries: 0, failed: 0, queued: 0 });
  });

  it('retries network errors and 5xx with backoff until the delivery is acknowledged, keeping the ticket waiting', async () => {
    receiver = await startReceiver((_body, attempt) => (attempt === 1 ? 'drop' : attempt === 2 ? { status: 503 } : { status: 200 }));
    const sender = startPoster({ concurrency: 3, maxAttempts: 5 });
    await sender.send(interleaved(5, 4));
    await sender.idle();
    expect([...receiver.attempts.values()].every((attempts) => attempts === 3)).toBe(true);
    for (const [ticket, order] of orderOf(receiver.requests)) expect(order, ticket).toEqual(range(4));
    expect(sender.stats()).toMatchObject({ delivered: 20, retries: 40, failed: 0 });
  });

  it('waits out every 429 as its Retry-After says, spending no attempt on it', async () => {
    receiver = await startReceiver((_body, attempt) => (attempt <= 4 ? { status: 429, headers: { 'retry-after': '0' } } : { status: 200 }));
    const failures: string[] = [];
    const sender = startPoster({ concurrency: 2, maxAttempts: 2, onFailure: (d, reason) => failures.push(`${d.ticketId}: ${reason}`) });
    await sender.send(interleaved(3, 2));
    await sender.idle();
    expect(failures).toEqual([]);
    expect([...receiver.attempts.values()]).toEqual([5, 5, 5, 5, 5, 5]);
    for (const [ticket, order] of orderOf(receiver.requests)) expect(order, ticket).toEqual(range(2));
    expect(sender.stats()).toMatchObject({ delivered: 6, throttled: 24, retries: 0, failed: 0 });
  });

  it('sends nothing more to a receiver that said Retry-After: 1 until the second has passed', async () => {
    const sentAt: number[] = [];
    receiver = await startReceiver((_body, attempt) => {
      sentAt.push(performance.now());
      return attempt === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 };
    });
    const sender = startPoster({});
    await sender.send(interleaved(1, 1));
    await sender.idle();
    expect(sentAt).toHaveLength(2);
    // a lower bound only: the wait may take longer on a busy machine, never less
    expect(sentAt[1]! - sentAt[0]!).toBeGreaterThanOrEqual(950);
  });

  it('gives up after maxAttempts, and at once on a 4xx, counting the failures and going on with the ticket', async () => {
    receiver = await startReceiver((body) => (body.n === 1 ? { status: body.ticket === 'T0' ? 400 : 503 } : { status: 200 }));
    const failures: string[] = [];
    const sender = startPoster({ maxAttempts: 3, onFailure: (d, reason) => failures.push(`${d.ticketId}: ${reason}`) });
    await sender.send(interleaved(2, 3));
    await sender.idle();
    expect(receiver.attempts.get('T0/1')).toBe(1);
    expect(receiver.attempts.get('T1/1')).toBe(3);
    expect(failures.sort()).toEqual([expect.stringMatching(/^T0: HTTP 400/), expect.stringMatching(/^T1: HTTP 503/)]);
    expect(orderOf(receiver.requests)).toEqual(new Map([['T0', [0, 2]], ['T1', [0, 2]]]));
    expect(sender.stats()).toMatchObject({ delivered: 4, failed: 2, retries: 2 });
  });

  it('re-delivers about 3% with the same bytes and headers, right after the original', async () => {
    receiver = await startReceiver(() => ({ status: 200 }));
    const sender = startPoster({ duplicateShare: 0.03, concurrency: 8, seed: 9 });
    await sender.send(interleaved(100, 10));
    await sender.idle();
    const { duplicates, delivered } = sender.stats();
    expect(delivered).toBe(1000);
    expect(duplicates / delivered).toBeGreaterThan(0.02);
    expect(duplicates / delivered).toBeLessThan(0.04);
    expect(receiver.requests).toHaveLength(1000 + duplicates);
    let twice = 0;
    for (const [ticket, order] of orderOf(receiver.requests)) {
      // In order, a repeat only ever next to its original.
      expect([...new Set(order)], ticket).toEqual(range(10));
      expect(order.every((n, i) => i === 0 || n === order[i - 1] || n === order[i - 1]! + 1), ticket).toBe(true);
      twice += order.length - 10;
    }
    expect(twice).toBe(duplicates);
    const byKey = new Map<string, IncomingHttpHeaders[]>();
    for (const r of receiver.requests) byKey.set(`${r.ticket}/${r.n}`, [...(byKey.get(`${r.ticket}/${r.n}`) ?? []), r.headers]);
    for (const headers of byKey.values()) if (headers.length === 2) expect(headers[1]!['x-signature']).toBe(headers[0]!['x-signature']);
  });

  it('sends about 2% of deliveries after their successor, only superseded ones, and counts each', async () => {
    receiver = await startReceiver(() => ({ status: 200 }));
    const sender = startPoster({ reorderShare: 0.02, concurrency: 8 });
    // One delivery of every ticket is superseded by the next (10% of all could be reordered), spread over the batch.
    const supersededOf = (ticket: number): number => ticket % 9;
    await sender.send(interleaved(100, 10, (n, ticket) => n === supersededOf(ticket)));
    await sender.idle();
    const { reordered, delivered } = sender.stats();
    expect(delivered).toBe(1000);
    expect(reordered / delivered).toBeGreaterThanOrEqual(0.015);
    expect(reordered / delivered).toBeLessThanOrEqual(0.02);
    let seenSwapped = 0;
    for (const [ticket, order] of orderOf(receiver.requests)) {
      const held = supersededOf(Number(ticket.slice(1)));
      const swapped = range(10);
      [swapped[held], swapped[held + 1]] = [held + 1, held];
      if (order[held] === held + 1) {
        expect(order, ticket).toEqual(swapped);
        seenSwapped++;
      } else {
        expect(order, ticket).toEqual(range(10));
      }
    }
    expect(seenSwapped).toBe(reordered);
  });

  it('keeps a superseded delivery in its place when its successor comes in a later batch', async () => {
    receiver = await startReceiver(() => ({ status: 200 }));
    const sender = startPoster({ reorderShare: 1 });
    await sender.send([delivery('T0', 0), delivery('T0', 1, true)]);
    await sender.send([delivery('T0', 2)]);
    await sender.idle();
    expect(orderOf(receiver.requests).get('T0')).toEqual([0, 1, 2]);
    expect(sender.stats().reordered).toBe(0);
  });

  it('never holds more than maxQueued deliveries: send waits for room', async () => {
    receiver = await startReceiver(() => ({ status: 200, delayMs: 1 }));
    const sender = startPoster({ concurrency: 2, maxQueued: 5 });
    await sender.send(interleaved(10, 10));
    await sender.idle();
    expect(receiver.requests).toHaveLength(100);
    expect(sender.stats().maxQueuedSeen).toBe(5);
  });

  it('drops what is queued on close, and idle settles', async () => {
    receiver = await startReceiver(() => ({ status: 200, delayMs: 20 }));
    const sender = startPoster({ concurrency: 1 });
    const sending = sender.send(interleaved(1, 50));
    await new Promise((resolve) => setTimeout(resolve, 30));
    sender.close();
    await sending;
    await sender.idle();
    expect(receiver.requests.length).toBeLessThan(50);
  });
});
