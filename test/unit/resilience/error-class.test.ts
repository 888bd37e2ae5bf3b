import { describe, expect, it } from 'vitest';
import { classifyStoreError } from '../../../server/resilience/error-class';

const reply = (message: string): Error => Object.assign(new Error(message), { name: 'ReplyError' });

describe('classifyStoreError', () => {
  it.each([
    ['a store input check', new RangeError('invalid day "x"')],
    ['a type error on the data path', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['WRONGTYPE', reply('WRONGTYPE Operation against a key holding the wrong kind of value')],
    ['a wrong number of arguments', reply("ERR wrong number of arguments for 'hset' command")],
    ['a script error', reply('ERR user_script:1: Script attempted to access nonexistent global variable')],
    ['a discarded MULTI', reply('EXECABORT Transaction discarded because of previous errors.')],
    ['WRONGTYPE inside a MULTI, as checkReplies raises it', new Error('apply failed in Redis: WRONGTYPE', { cause: reply('WRONGTYPE Operation') })],
  ])('%s is permanent', (_what, error) => {
    expect(classifyStoreError(error)).toBe('permanent');
  });

  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' })],
    ['a closed connection', new Error('Connection is closed.')],
    ['Redis loading its data', reply('LOADING Redis is loading the dataset in memory')],
    ['a replica after failover', reply("READONLY You can't write against a read only replica.")],
    ['a cluster resharding', reply('TRYAGAIN Multiple keys request during rehashing of slot')],
    ['a cluster down', reply('CLUSTERDOWN The cluster is down')],
    ['out of memory', reply("OOM command not allowed when used memory > 'maxmemory'.")],
    ['an access refusal fixed for all batches at once', reply('NOPERM this user has no permissions to run the hset command')],
    ['an error we do not know', new Error('something else')],
    ['not an error at all', 'boom'],
  ])('%s is transient', (_what, error) => {
    expect(classifyStoreError(error)).toBe('transient');
  });
});
