import { describe, expect, it } from 'vitest';
import { isDatabaseUnreachable, isQueryTimeout } from '../../../server/history/database-failure';

function nodeError(code: string, syscall: string): Error {
  return Object.assign(new Error(`${syscall} ${code}`), { code, syscall });
}

function pgError(code: string, message = 'server error'): Error {
  return Object.assign(new Error(message), { code, severity: 'ERROR' });
}

describe('isDatabaseUnreachable', () => {
  it.each([
    ['refused', nodeError('ECONNREFUSED', 'connect')],
    ['reset', nodeError('ECONNRESET', 'read')],
    ['timed out', nodeError('ETIMEDOUT', 'connect')],
    ['unknown host', nodeError('ENOTFOUND', 'getaddrinfo')],
    ['broken pipe', nodeError('EPIPE', 'write')],
    ['missing unix socket (embedded Postgres stopped)', nodeError('ENOENT', 'connect')],
    ['socket closed under a query', new Error('Connection terminated unexpectedly')],
    ['client connect timeout', new Error('Connection terminated due to connection timeout')],
    ['pool connect timeout', new Error('timeout exceeded when trying to connect')],
    ['SQLSTATE 08006 connection failure', pgError('08006')],
    ['SQLSTATE 08P01 protocol violation', pgError('08P01')],
    ['SQLSTATE 57P01 admin shutdown', pgError('57P01', 'terminating connection due to administrator command')],
    ['SQLSTATE 57P02 crash shutdown', pgError('57P02')],
    ['SQLSTATE 57P03 starting up', pgError('57P03', 'the database system is starting up')],
    ['every address refused', new AggregateError([nodeError('ECONNREFUSED', 'connect'), nodeError('ECONNREFUSED', 'connect')])],
    ['wrapped', new Error('history query failed', { cause: nodeError('ECONNREFUSED', 'connect') })],
  ])('503 for a connection failure: %s', (_name, error) => {
    expect(isDatabaseUnreachable(error)).toBe(true);
  });

  it.each([
    ['undefined table', pgError('42P01', 'relation "x" does not exist')],
    ['syntax error', pgError('42601')],
    ['statement timeout', pgError('57014', 'canceling statement due to statement timeout')],
    ['division by zero', pgError('22012')],
    ['a file not found outside a connect', nodeError('ENOENT', 'open')],
    ['a bug in our code', new TypeError("Cannot read properties of undefined (reading 'map')")],
    ['not an error', 'Connection terminated'],
    ['nothing', undefined],
  ])('500 for anything else: %s', (_name, error) => {
    expect(isDatabaseUnreachable(error)).toBe(false);
  });
});

describe('isQueryTimeout', () => {
  it('is a query Postgres cancelled for statement_timeout, or one pg gave up reading', () => {
    expect(isQueryTimeout(pgError('57014', 'canceling statement due to statement timeout'))).toBe(true);
    expect(isQueryTimeout(new Error('Query read timeout'))).toBe(true);
  });

  it('is not an outage or a fault', () => {
    expect(isQueryTimeout(nodeError('ECONNREFUSED', 'connect'))).toBe(false);
    expect(isQueryTimeout(pgError('42P01'))).toBe(false);
    expect(isQueryTimeout(undefined)).toBe(false);
  });
});
