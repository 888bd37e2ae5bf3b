import { Cluster, Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisClient, type RedisClient } from '../../../server/store/redis-connection';

/** The clients are only inspected: each is disconnected before it could reach a server. */
let client: RedisClient | null = null;
afterEach(() => {
  client?.disconnect();
  client = null;
});

function made(url: string): RedisClient {
  client = createRedisClient(url);
  client.on('error', () => undefined);
  return client;
}

describe('createRedisClient', () => {
  it('makes a Cluster client seeded with the URL nodes and their credentials', () => {
    const cluster = made('rediss+cluster://app:pw@n1:7000,n2:7001');
    expect(cluster).toBeInstanceOf(Cluster);
    expect((cluster as unknown as { startupNodes: unknown }).startupNodes).toEqual([
      { host: 'n1', port: 7000 },
      { host: 'n2', port: 7001 },
    ]);
    expect((cluster as Cluster).options.redisOptions).toMatchObject({ username: 'app', password: 'pw', tls: {} });
  });

  it('makes a client that asks the Sentinels for the master', () => {
    const redis = made('redis+sentinel://:pw@s1:26379,s2:26380/mymaster/2');
    expect(redis).toBeInstanceOf(Redis);
    expect((redis as Redis).options).toMatchObject({
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26380 },
      ],
      name: 'mymaster',
      db: 2,
      password: 'pw',
    });
    expect((redis as Redis).options.tls).toBeUndefined();
  });

  it('hands a one-server URL to ioredis', () => {
    const redis = made('redis://:pw@cache:6380/4');
    expect((redis as Redis).options).toMatchObject({ host: 'cache', port: 6380, db: 4, password: 'pw' });
  });

  it('refuses text that is no Redis URL', () => {
    expect(() => createRedisClient('http://cache')).toThrow(RangeError);
  });
});
