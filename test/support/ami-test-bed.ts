import { afterEach } from 'vitest';
import { AmiClient, type AmiClientOptions } from '../../server/ingest/ami/ami-client';
import { FakeAmi } from './fake-ami';

/** A test's fake PBX and the clients it started: set them here, and they are closed after each test. */
export interface AmiTestBed {
  fake: FakeAmi | undefined;
  readonly clients: AmiClient[];
  /** A client of the fake PBX (started first if need be), not started yet: no Ping for a minute, quick reconnects. */
  client(options: Partial<AmiClientOptions>): Promise<AmiClient>;
}

export function amiTestBed(): AmiTestBed {
  const bed: AmiTestBed = {
    fake: undefined,
    clients: [],
    async client(options) {
      const fake = (bed.fake ??= await FakeAmi.start());
      const client = new AmiClient({
        host: '127.0.0.1',
        port: fake.port,
        username: 'wallboard',
        secret: 's3cret',
        pingIntervalMs: 60_000,
        backoff: { initialDelayMs: 10, maxDelayMs: 50 },
        ...options,
      });
      bed.clients.push(client);
      return client;
    },
  };
  afterEach(async () => {
    await Promise.all(bed.clients.splice(0).map((client) => client.close()));
    await bed.fake?.stop();
    bed.fake = undefined;
  });
  return bed;
}
