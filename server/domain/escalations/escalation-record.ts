import type { EscalationEvent, EscalationTracker } from './escalation-events';

/** One task of the developers' tracker that support raised, as the board keeps it. */
export interface EscalationRecord {
  /** `${tracker}:${taskId}` */
  key: string;
  tracker: EscalationTracker;
  taskId: string;
  /** the support ticket it was raised for: its id as the desk writes it, optionally `source:id` */
  ticketRef: string | null;
  openedAt: number;
  state: 'open' | 'cameBack' | 'deleted';
  /** the latest time it came back to support; null while with development */
  cameBackAt: number | null;
  /** the tracker time of the newest change applied: older changes are stale */
  lastChangeAt: number;
  /** ids of the events applied, newest last (bounded): a re-delivery changes nothing */
  eventIds: string[];
}

const KEPT_EVENT_IDS = 50;

export function escalationKey(event: Pick<EscalationEvent, 'tracker' | 'taskId'>): string {
  return `${event.tracker}:${event.taskId}`;
}

/**
 * PURE: the record after one event, or the same record when the event is a
 * repeat or older than what the record reflects. A change to a task the board
 * never saw opened opens it (its creation was missed or predates the
 * webhook): an escalation that exists is open until told otherwise. The link
 * is taken whatever its time: it names the ticket, it does not move the task.
 */
export function reduceEscalation(record: EscalationRecord | undefined, event: EscalationEvent): EscalationRecord {
  if (record?.eventIds.includes(event.eventId)) return record;
  const base: EscalationRecord = record ?? {
    key: escalationKey(event),
    tracker: event.tracker,
    taskId: event.taskId,
    ticketRef: null,
    openedAt: event.occurredAt,
    state: 'open',
    cameBackAt: null,
    lastChangeAt: event.occurredAt,
    eventIds: [],
  };
  const seen = (next: EscalationRecord): EscalationRecord => ({ ...next, eventIds: [...base.eventIds, event.eventId].slice(-KEPT_EVENT_IDS) });
  if (event.kind === 'escalation.linked') return seen({ ...base, ticketRef: event.ticketRef });
  if (record && event.occurredAt < record.lastChangeAt) return seen(record);
  const moved = { ...base, lastChangeAt: event.occurredAt };
  switch (event.kind) {
    case 'escalation.opened':
      return seen({ ...moved, openedAt: Math.min(base.openedAt, event.occurredAt), ticketRef: event.ticketRef ?? base.ticketRef });
    case 'escalation.cameBack':
      return seen(base.state === 'open' ? { ...moved, state: 'cameBack', cameBackAt: event.occurredAt } : moved);
    case 'escalation.reopened':
      return seen(base.state === 'cameBack' ? { ...moved, state: 'open', cameBackAt: null } : moved);
    case 'escalation.deleted':
      return seen({ ...moved, state: 'deleted' });
  }
}
