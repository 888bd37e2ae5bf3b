import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { loadConfig, type WallboardConfig } from '../../server/config/env-config';
import type { RedisConnection } from '../../server/config/redis-url';
import { runSql } from './postgres-server';

/**
 * How a test reaches the servers test/support/global-setup.ts started, and
 * stays out of the way of test files running in parallel against them.
 */

export function redisUrl(): string {
  return inject('redisUrl');
}

/** The test Redis as a wallboard configuration names it. */
export function redisConnection(): RedisConnection {
  return { kind: 'standalone', url: redisUrl() };
}

export function databaseUrl(): string {
  return inject('databaseUrl');
}

function uniqueSuffix(): string {
  return `${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** A site id no other test uses: every live-store key of a site carries its id. */
export function uniqueSite(label = 'site'): string {
  return `${label}-${uniqueSuffix()}`;
}

/** A Redis key prefix of its own (for RedisLiveStore's `keyPrefix`), isolating leases and sites alike. */
export function uniqueKeyPrefix(label = 'wbtest'): string {
  return `${label}-${uniqueSuffix()}`;
}

/** Creates an empty database of its own (for migrations or schema tests) and returns its URL. */
export async function freshDatabaseUrl(label = 'wbtest'): Promise<string> {
  const name = `${label}_${uniqueSuffix()}`.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
  await runSql(databaseUrl(), `CREATE DATABASE ${name}`);
  const url = new URL(databaseUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** A wallboard configuration for tests: loopback, port 0, silent, no PBX; override what the test is about. */
export function testWallboardConfig(overrides: Partial<WallboardConfig> = {}): WallboardConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    redis: null,
    databaseUrl: null,
    site: uniqueSite('board'),
    timeZone: 'Europe/Moscow',
    queuesFile: '',
    shortAbandonSec: 5,
    logLevel: 'silent',
    ami: null,
    simulator: false,
    ticketDesk: loadConfig({}).ticketDesk,
    ...overrides,
  };
}
