import { z } from 'zod';
import { siteDay } from '../../shared/site-time';
import type { CallRecord } from './live-state';

/**
 * The callback list ("lost calls"): callers who abandoned today and have not
 * been reached since. Pure: the calls of the day and the marks in, the rows
 * out. The definition, in one place:
 * - an abandon counts when it entered the queue on the site day of `now`;
 *   short abandons are left out (DOMAIN.md leaves them out of the service
 *   level too: a misdial or a hang-up at the greeting is not a lost caller),
 *   and so are timeouts (the queue sent the caller on, often to voicemail);
 * - it is reached once a call from the same number is answered, in any queue,
 *   at or after the abandon hung up;
 * - a withheld number cannot be dialled back: counted, never a row;
 * - one row per number: its latest abandon, with how many abandons are still
 *   unreached; a row goes when that latest abandon is marked done, and a
 *   newer abandon brings the number back.
 */

export type CallbackCall = Pick<
  CallRecord,
  'queueId' | 'callId' | 'enteredAt' | 'answeredAt' | 'endedAt' | 'outcome' | 'waitSec' | 'shortAbandon' | 'callerId'
>;

/** Which call a row stands for: call_history's key within the site. */
export interface CallKey {
  queueId: string;
  callId: string;
  enteredAt: number;
}

export interface CallbackEntry {
  call: CallKey;
  callerId: string;
  queueId: string;
  waitSec: number;
  abandonedAt: number;
  attempts: number;
}

export interface CallbackList {
  day: string;
  entries: CallbackEntry[];
  withheld: number;
  shortAbandons: number;
  done: number;
}

export const markKey = (call: CallKey): string => `${call.queueId}\n${call.callId}\n${call.enteredAt}`;

export function callbackList(
  calls: readonly CallbackCall[],
  markedDone: ReadonlySet<string>,
  options: { now: number; timeZone: string; queue?: string | undefined },
): CallbackList {
  const day = siteDay(options.timeZone, options.now);
  const today = calls.filter((c) => siteDay(options.timeZone, c.enteredAt) === day);
  const inQueue = (queueId: string): boolean => options.queue === undefined || options.queue === queueId;

  const lastAnswer = new Map<string, number>();
  for (const c of today) {
    if (c.outcome !== 'answered' || c.callerId === null || c.answeredAt === null) continue;
    lastAnswer.set(c.callerId, Math.max(lastAnswer.get(c.callerId) ?? Number.NEGATIVE_INFINITY, c.answeredAt));
  }

  let withheld = 0;
  let shortAbandons = 0;
  const unreached = new Map<string, CallbackCall[]>();
  for (const c of today) {
    if (c.outcome !== 'abandoned') continue;
    if (c.shortAbandon) {
      if (inQueue(c.queueId)) shortAbandons++;
      continue;
    }
    if (c.callerId === null) {
      if (inQueue(c.queueId)) withheld++;
      continue;
    }
    if ((lastAnswer.get(c.callerId) ?? Number.NEGATIVE_INFINITY) >= c.endedAt) continue;
    const held = unreached.get(c.callerId);
    if (held) held.push(c);
    else unreached.set(c.callerId, [c]);
  }

  const entries: CallbackEntry[] = [];
  let done = 0;
  for (const [callerId, abandons] of unreached) {
    const latest = abandons.reduce((a, b) => (b.endedAt > a.endedAt ? b : a));
    if (!inQueue(latest.queueId)) continue;
    const call = { queueId: latest.queueId, callId: latest.callId, enteredAt: latest.enteredAt };
    if (markedDone.has(markKey(call))) {
      done++;
      continue;
    }
    entries.push({ call, callerId, queueId: latest.queueId, waitSec: latest.waitSec, abandonedAt: latest.endedAt, attempts: abandons.length });
  }
  entries.sort((a, b) => a.abandonedAt - b.abandonedAt || a.callerId.localeCompare(b.callerId));
  return { day, entries, withheld, shortAbandons, done };
}

/** A row's id in URLs: the call's key, opaque to the page (base64url of JSON). */
export function callbackId(call: CallKey): string {
  return Buffer.from(JSON.stringify([call.queueId, call.callId, call.enteredAt])).toString('base64url');
}

const idTuple = z.tuple([z.string().min(1).max(200), z.string().min(1).max(200), z.number().int().nonnegative()]);

/** The call an id names, or null when it is not one this server made. */
export function parseCallbackId(id: string): CallKey | null {
  if (!/^[A-Za-z0-9_-]{1,800}$/.test(id)) return null;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(id, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = idTuple.safeParse(decoded);
  return parsed.success ? { queueId: parsed.data[0], callId: parsed.data[1], enteredAt: parsed.data[2] } : null;
}
