import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config/env-config';

function redisOf(url: string) {
  return loadConfig({ REDIS_URL: url }).redis;
}

function problemOf(url: string): string {
  try {
    loadConfig({ REDIS_URL: url });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${url} was accepted`);
}

describe('REDIS_URL', () => {
  it('hands a one-server URL to ioredis as it is', () => {
    expect(redisOf('redis://:pw@cache:6380/2')).toEqual({ kind: 'standalone', url: 'redis://:pw@cache:6380/2' });
    expect(redisOf('rediss://cache')).toEqual({ kind: 'standalone', url: 'rediss://cache' });
    expect(loadConfig({}).redis).toBeNull();
  });

  it('reads Sentinels, the master name, the database and the credentials', () => {
    expect(redisOf('redis+sentinel://app:p%40ss@s1:26380,s2,[::1]:26381/mymaster/3')).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: 's1', port: 26380 },
        { host: 's2', port: 26379 },
        { host: '::1', port: 26381 },
      ],
      masterName: 'mymaster',
      db: 3,
      username: 'app',
      password: 'p@ss',
      tls: false,
    });
    expect(redisOf('rediss+sentinel://s1/main')).toMatchObject({ kind: 'sentinel', masterName: 'main', db: 0, tls: true });
  });

  it('reads Cluster seed nodes', () => {
    expect(redisOf('redis+cluster://:secret@n1:7000,n2:7001,n3')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'n1', port: 7000 },
        { host: 'n2', port: 7001 },
        { host: 'n3', port: 6379 },
      ],
      password: 'secret',
      tls: false,
    });
    expect(redisOf('rediss+cluster://n1:7000')).toMatchObject({ kind: 'cluster', tls: true });
  });

  it('names what is wrong, without the password', () => {
    expect(problemOf('http://cache')).toContain('REDIS_URL: expected redis://host:port, redis+sentinel://');
    expect(problemOf('redis+sentinel://s1:26379')).toContain('ends with /<master name>');
    expect(problemOf('redis+sentinel://s1:26379/m/x')).toContain('ends with /<master name>');
    expect(problemOf('redis+cluster://n1:7000/0')).toContain('a cluster URL has no path');
    expect(problemOf('redis+cluster://n1:99999')).toContain('"n1:99999" is not host or host:port');
    const withPassword = problemOf('redis+sentinel://app:hunter2@s1');
    expect(withPassword).not.toContain('hunter2');
    expect(withPassword).toContain('redis+sentinel://app:***@s1');
  });
});
