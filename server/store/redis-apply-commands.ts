import { addCounters, COUNTER_FIELDS, emptyCounters, callKey, type Counters, type LiveOp } from '../domain/live-state';
import type { CounterRetention } from './counter-retention';
import { counterHashField, type SiteKeys } from './redis-keys';
import { isFractionalCounter } from './store-input-checks';

export type RedisCommand = [name: string, ...args: (string | number)[]];

/**
 * The net effect of a batch on one hash. A batch of a few thousand events puts
 * the same agent or call many times; only the last write of each field matters,
 * and a live.replace wipes what came before it. So a batch costs at most a DEL,
 * an HDEL and an HSET per hash however many ops it holds, and gives the same
 * result as sending every op in order.
 */
class HashChanges {
  private cleared = false;
  /**
   * field -> record to set, or null to delete. Serialised only in commands():
   * a busy agent or call is put many times per batch and only its last record
   * is written.
   */
  private readonly fields = new Map<string, unknown>();

  put(field: string, record: unknown): void {
    this.fields.set(field, record);
  }

  delete(field: string): void {
    this.fields.set(field, null);
  }

  replace(entries: Iterable<[field: string, record: unknown]>): void {
    this.cleared = true;
    this.fields.clear();
    for (const [field, record] of entries) this.put(field, record);
  }

  commands(key: string): RedisCommand[] {
    const commands: RedisCommand[] = [];
    if (this.cleared) commands.push(['del', key]);
    const deleted: string[] = [];
    const set: string[] = [];
    for (const [field, record] of this.fields) {
      if (record !== null) set.push(field, JSON.stringify(record));
      else if (!this.cleared) deleted.push(field);
    }
    if (deleted.length > 0) commands.push(['hdel', key, ...deleted]);
    if (set.length > 0) commands.push(['hset', key, ...set]);
    return commands;
  }
}

/** Sums of one batch per counter hash, so each (period, queue, counter) costs one increment. */
class CounterChanges {
  private readonly periods = new Map<string, { ttlMs: number; byQueue: Map<string, Counters> }>();

  add(key: string, ttlMs: number, queueId: string, delta: Partial<Counters>): void {
    let period = this.periods.get(key);
    if (!period) {
      period = { ttlMs, byQueue: new Map() };
      this.periods.set(key, period);
    }
    let counters = period.byQueue.get(queueId);
    if (!counters) {
      counters = emptyCounters();
      period.byQueue.set(queueId, counters);
    }
    addCounters(counters, delta);
  }

  commands(): RedisCommand[] {
    const commands: RedisCommand[] = [];
    for (const [key, { ttlMs, byQueue }] of this.periods) {
      for (const [queueId, counters] of byQueue) {
        const fields = COUNTER_FIELDS.filter((field) => counters[field] !== 0);
        // An all-zero delta still makes the queue show up in the period, as in the memory store.
        if (fields.length === 0) commands.push(['hincrby', key, counterHashField(queueId, 'offered'), 0]);
        for (const field of fields) {
          const command = isFractionalCounter(field) ? 'hincrbyfloat' : 'hincrby';
          commands.push([command, key, counterHashField(queueId, field), counters[field]]);
        }
      }
      commands.push(['pexpire', key, ttlMs]);
    }
    return commands;
  }
}

/** The commands of one apply, each [name, hashKey, ...args], run by the apply script (redis-transactions.ts); ops must have passed assertLiveOps. */
export function buildApplyCommands(keys: SiteKeys, ops: readonly LiveOp[], retention: CounterRetention): RedisCommand[] {
  const queues = new HashChanges();
  const waiting = new HashChanges();
  const agents = new HashChanges();
  const calls = new HashChanges();
  const counters = new CounterChanges();
  for (const op of ops) {
    switch (op.op) {
      case 'queue.put':
        queues.put(op.queue.id, op.queue);
        break;
      case 'queue.delete':
        queues.delete(op.queueId);
        break;
      case 'waiting.put':
        waiting.put(callKey(op.caller.queueId, op.caller.callId), op.caller);
        break;
      case 'waiting.delete':
        waiting.delete(callKey(op.queueId, op.callId));
        break;
      case 'agent.put':
        agents.put(op.agent.id, op.agent);
        break;
      case 'agent.delete':
        agents.delete(op.agentId);
        break;
      case 'call.put':
        calls.put(callKey(op.call.queueId, op.call.callId), op.call);
        break;
      case 'call.delete':
        calls.delete(callKey(op.queueId, op.callId));
        break;
      case 'counters.add':
        counters.add(keys.day(op.day), retention.dayMs, op.queueId, op.delta);
        counters.add(keys.interval(op.intervalStart), retention.intervalMs, op.queueId, op.delta);
        break;
      case 'live.replace':
        queues.replace(op.queues.map((queue) => [queue.id, queue]));
        waiting.replace(op.waiting.map((caller) => [callKey(caller.queueId, caller.callId), caller]));
        agents.replace(op.agents.map((agent) => [agent.id, agent]));
        break;
    }
  }
  return [
    ...queues.commands(keys.queues),
    ...waiting.commands(keys.waiting),
    ...agents.commands(keys.agents),
    ...calls.commands(keys.calls),
    ...counters.commands(),
  ];
}
