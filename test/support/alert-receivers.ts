import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * The receivers of alert notifications as local peers: one HTTP server for
 * the generic webhook, Slack's incoming webhook and Telegram's Bot API (each
 * on its own path), and a real SMTP server (smtp-server from npm) on loopback.
 */

export interface ReceivedPost {
  path: string;
  body: unknown;
}

export interface AlertReceivers {
  /** http://127.0.0.1:port */
  httpUrl: string;
  smtpPort: number;
  posts: ReceivedPost[];
  /** raw messages the SMTP server accepted */
  mails: string[];
  /** answer the next `n` requests to `path` with 500 */
  failNext(path: string, n: number): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startAlertReceivers(): Promise<AlertReceivers> {
  const posts: ReceivedPost[] = [];
  const mails: string[] = [];
  const failing = new Map<string, number>();
  const http = createServer(async (req, res) => {
    const body = await readBody(req);
    const path = req.url ?? '';
    const fail = failing.get(path) ?? 0;
    if (fail > 0) {
      failing.set(path, fail - 1);
      res.writeHead(500).end('down for a moment');
      return;
    }
    posts.push({ path, body: JSON.parse(body) });
    // Telegram answers {ok: true, result}; the others only need a 2xx
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result: {} }));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        mails.push(raw);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));

  return {
    httpUrl: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    smtpPort: (smtp.server.address() as AddressInfo).port,
    posts,
    mails,
    failNext: (path, n) => failing.set(path, n),
    close: async () => {
      http.closeAllConnections();
      await Promise.all([new Promise((resolve) => http.close(resolve)), new Promise<void>((resolve) => smtp.close(() => resolve()))]);
    },
  };
}
