import { COUNTER_FIELDS, type CounterField } from '../domain/live-state';

/**
 * The Redis key layout of the live store. Every key of a site carries the site
 * in a `{...}` hash tag, so on Redis Cluster they share one slot and a MULTI or script
 * over them stays legal.
 *
 *   wb:{site}:queues          hash  queueId -> QueueRecord JSON
 *   wb:{site}:waiting         hash  `queueId|callId` -> WaitingCaller JSON
 *   wb:{site}:agents          hash  agentId -> AgentRecord JSON
 *   wb:{site}:calls           hash  `queueId|callId` -> TrackedCall JSON
 *   wb:{site}:seq             string, INCR once per apply, the new value PUBLISHed on a channel of the same name
 *   wb:{site}:day:<YYYY-MM-DD> hash  `queueId|counter` -> number (TTL)
 *   wb:{site}:iv:<startMs>    hash  `queueId|counter` -> number (TTL)
 *   wb:{site}:reader          string owner of the reader lease (PX TTL)
 *   wb:{site}:reader:fence    hash  generation (moved when the lease is taken), batch (newest sequence applied)
 *   wb:{site}:reader:link     string PbxLinkReport JSON, as the reader last saw the PBX link (PX TTL)
 *   wb:{site}:epoch           string random id written once per store lifetime: gone or changed = the store was emptied
 *   wb:{site}:dead            list  DeadLetter JSON, newest first (trimmed to DEAD_LETTERS_KEPT)
 *   wb:{site}:desk:lease      string owner of the desk-sync lease: the node reading the desks' REST APIs (PX TTL)
 *   wb:{site}:desk:cursor     hash  desk (zendesk, jira) -> where its last read ended
 *
 * The ticket desk (ticket-live-store.ts, ticket-retention.ts):
 *
 *   wb:{site}:tk:open         hash  ticketKey -> TicketState JSON, open tickets only
 *   wb:{site}:tk:rows         hash  ticketKey -> TicketRow JSON, the same tickets as the board sees them
 *   wb:{site}:tk:done:<key>   string TicketState JSON of a solved/closed ticket (PX TTL)
 *   wb:{site}:tk:events       zset  eventKey, score = apply time it was recorded (trimmed on apply)
 *   wb:{site}:tk:fr           zset  `met|<key>` or `missed|<key>`, score = first response time (trimmed on apply)
 *   wb:{site}:tk:day:<YYYY-MM-DD> hash counter -> number (TTL)
 *   wb:{site}:tk:ver          string, INCR once per ticket apply that writes (the board keeps parsed rows until it moves)
 *
 * Open tickets are in two hashes so a board build reads the small rows (and
 * only when tk:ver moved) while the aggregator reads the full states of the
 * tickets a batch touches.
 * Done tickets are one key each so Redis expires them itself.
 *
 * All queues of a day (or interval) share one hash rather than one hash per
 * queue plus an index set: a read is then a single HGETALL, needs no KEYS/SCAN,
 * and one PEXPIRE per apply keeps the whole period alive.
 */

export interface SiteKeys {
  queues: string;
  waiting: string;
  agents: string;
  calls: string;
  seq: string;
  reader: string;
  readerFence: string;
  readerLink: string;
  epoch: string;
  deadLetters: string;
  deskSyncLease: string;
  deskCursors: string;
  /** escalations to development: record key -> JSON */
  escalations: string;
  day(day: string): string;
  interval(intervalStart: number): string;
  tickets: TicketKeys;
}

export interface TicketKeys {
  open: string;
  rows: string;
  events: string;
  firstResponses: string;
  version: string;
  done(ticketKey: string): string;
  day(day: string): string;
}

export function siteKeys(prefix: string, site: string): SiteKeys {
  const base = `${prefix}:{${site}}`;
  return {
    queues: `${base}:queues`,
    waiting: `${base}:waiting`,
    agents: `${base}:agents`,
    calls: `${base}:calls`,
    seq: `${base}:seq`,
    reader: `${base}:reader`,
    readerFence: `${base}:reader:fence`,
    readerLink: `${base}:reader:link`,
    epoch: `${base}:epoch`,
    deadLetters: `${base}:dead`,
    deskSyncLease: `${base}:desk:lease`,
    deskCursors: `${base}:desk:cursor`,
    escalations: `${base}:esc`,
    day: (day) => `${base}:day:${day}`,
    interval: (intervalStart) => `${base}:iv:${intervalStart}`,
    tickets: {
      open: `${base}:tk:open`,
      rows: `${base}:tk:rows`,
      events: `${base}:tk:events`,
      firstResponses: `${base}:tk:fr`,
      version: `${base}:tk:ver`,
      done: (ticketKey) => `${base}:tk:done:${ticketKey}`,
      day: (day) => `${base}:tk:day:${day}`,
    },
  };
}

export function counterHashField(queueId: string, field: CounterField): string {
  return `${queueId}|${field}`;
}

const COUNTER_FIELD_SET: ReadonlySet<string> = new Set(COUNTER_FIELDS);

/** Splits at the last `|`: counter names have none, queue ids might. Null for a field this store never writes. */
export function parseCounterHashField(hashField: string): { queueId: string; field: CounterField } | null {
  const bar = hashField.lastIndexOf('|');
  if (bar < 0) return null;
  const field = hashField.slice(bar + 1);
  if (!COUNTER_FIELD_SET.has(field)) return null;
  return { queueId: hashField.slice(0, bar), field: field as CounterField };
}
