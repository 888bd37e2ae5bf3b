/**
 * Escalations to development: a support ticket handed to the developers'
 * tracker (Wrike, or a Jira Software project) as a task or issue of its own.
 * The adapters (server/ingest/escalations/) turn the trackers' webhooks into
 * these; the reducer (escalation-record.ts) keeps one record per task.
 */

export type EscalationTracker = 'wrike' | 'jira';

interface EscalationEventBase {
  tracker: EscalationTracker;
  /** the tracker's id of the task or issue */
  taskId: string;
  /** stable across re-deliveries */
  eventId: string;
  /** the tracker's time of the change, epoch ms */
  occurredAt: number;
}

export type EscalationEvent = EscalationEventBase &
  (
    /** the task exists: raised by support, open with development */
    | { kind: 'escalation.opened'; ticketRef: string | null }
    /** the support ticket the task is linked to (a custom field, or the ticket's id in the title) */
    | { kind: 'escalation.linked'; ticketRef: string }
    /** development is done with it (completed, cancelled, resolved): it came back to support */
    | { kind: 'escalation.cameBack' }
    /** opened again by development */
    | { kind: 'escalation.reopened' }
    /** deleted in the tracker: no longer open, and it did not come back */
    | { kind: 'escalation.deleted' }
  );

export type EscalationEventKind = EscalationEvent['kind'];
