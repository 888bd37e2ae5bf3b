import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { apiErrorSchema } from '../../../shared/api-error';
import { apiErrorHandler } from '../../../server/http/api-error-response';

/** An app whose routes fail in the ways a request can, behind the app's error handler. */
async function request(init: { path: string; method?: string; body?: string }): Promise<{ status: number; text: string; logged: string[] }> {
  const logged: string[] = [];
  const app = express();
  app.post('/api/json', express.json({ limit: 64 }), (_req, res) => void res.json({ status: 'ok' }));
  app.get('/api/bug', () => {
    throw new Error('secret internals at /srv/app/server.ts:42');
  });
  app.get('/api/async-bug', async () => Promise.reject(new Error('async internals')));
  app.use(apiErrorHandler(pino({ level: 'error' }, { write: (line: string) => void logged.push(line) })));
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${init.path}`, {
      method: init.method ?? 'GET',
      headers: { 'Content-Type': 'application/json' },
      body: init.body,
    });
    return { status: response.status, text: await response.text(), logged };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('the API error handler', () => {
  it('answers a fault of ours 500 in the shared shape, without internals, and logs it', async () => {
    for (const path of ['/api/bug', '/api/async-bug']) {
      const reply = await request({ path });
      expect(reply.status).toBe(500);
      expect(apiErrorSchema.parse(JSON.parse(reply.text))).toEqual({ status: 'error', errors: [{ path: '', message: 'internal error' }] });
      expect(reply.text).not.toContain('internals');
      expect(reply.logged).toHaveLength(1);
      expect(JSON.parse(reply.logged[0]!)).toMatchObject({ msg: 'request failed', path, err: { message: expect.stringContaining('internals') } });
    }
  });

  it('answers malformed JSON 400 and a body over the limit 413, in the shared shape, without logging', async () => {
    const malformed = await request({ path: '/api/json', method: 'POST', body: '{"a": ' });
    expect(malformed.status).toBe(400);
    expect(apiErrorSchema.parse(JSON.parse(malformed.text)).errors[0]?.path).toBe('');
    const large = await request({ path: '/api/json', method: 'POST', body: JSON.stringify({ a: 'x'.repeat(100) }) });
    expect(large.status).toBe(413);
    expect(apiErrorSchema.parse(JSON.parse(large.text)).errors).toEqual([{ path: '', message: 'request entity too large' }]);
    expect([...malformed.logged, ...large.logged]).toEqual([]);
  });
});
