import { describe, expect, it } from 'vitest';
import { escalationBoard, ticketLinesOf } from '../../../server/domain/escalations/escalation-board';
import { reduceEscalationBatch } from '../../../server/domain/escalations/escalation-batch';
import type { EscalationEvent } from '../../../server/domain/escalations/escalation-events';
import type { EscalationRecord } from '../../../server/domain/escalations/escalation-record';

const HOUR = 3_600_000;
const T0 = Date.parse('2025-03-04T08:00:00Z');
let n = 0;
const ev = (taskId: string, at: number, what: Partial<EscalationEvent> & Pick<EscalationEvent, 'kind'>): EscalationEvent =>
  ({ tracker: 'jira', taskId, eventId: `e${++n}`, occurredAt: at, ...what }) as EscalationEvent;

function run(events: EscalationEvent[], stored = new Map<string, EscalationRecord>()) {
  const { changed } = reduceEscalationBatch(stored, events);
  return new Map([...stored, ...changed]);
}

describe('escalation records', () => {
  it('open, come back, reopen; a repeat changes nothing and an older change is stale', () => {
    const opened = ev('1', T0, { kind: 'escalation.opened', ticketRef: 'SD-1' });
    const back = ev('1', T0 + 2 * HOUR, { kind: 'escalation.cameBack' });
    let records = run([opened, back]);
    expect(records.get('jira:1')).toMatchObject({ state: 'cameBack', cameBackAt: T0 + 2 * HOUR, openedAt: T0, ticketRef: 'SD-1' });
    const { outcomes } = reduceEscalationBatch(records, [back]);
    expect(outcomes).toEqual(['duplicates']);
    records = run([ev('1', T0 + HOUR, { kind: 'escalation.reopened' })], records);
    expect(records.get('jira:1')?.state, 'a reopen older than the came-back is stale').toBe('cameBack');
    records = run([ev('1', T0 + 3 * HOUR, { kind: 'escalation.reopened' })], records);
    expect(records.get('jira:1')).toMatchObject({ state: 'open', cameBackAt: null });
  });

  it('opens a task first seen on a later change, and takes a link whenever it comes', () => {
    const records = run([ev('2', T0 + HOUR, { kind: 'escalation.linked', ticketRef: 'zendesk:5' }), ev('3', T0, { kind: 'escalation.cameBack' })]);
    expect(records.get('jira:2')).toMatchObject({ state: 'open', ticketRef: 'zendesk:5' });
    expect(records.get('jira:3')).toMatchObject({ state: 'cameBack' });
  });
});

describe('the escalations on the ticket panel', () => {
  it('counts open ones per line of the linked ticket, the oldest, and those back today', () => {
    const records = run([
      ev('1', T0, { kind: 'escalation.opened', ticketRef: 'SD-1' }),
      ev('2', T0 + HOUR, { kind: 'escalation.opened', ticketRef: 'zendesk:7' }),
      ev('3', T0 - 30 * HOUR, { kind: 'escalation.opened', ticketRef: 'gone' }),
      ev('4', T0 - 30 * HOUR, { kind: 'escalation.opened', ticketRef: 'SD-1' }),
      ev('4', T0 + 2 * HOUR, { kind: 'escalation.cameBack' }),
      ev('5', T0 - 30 * HOUR, { kind: 'escalation.opened', ticketRef: null }),
      ev('5', T0 - 20 * HOUR, { kind: 'escalation.cameBack' }),
      ev('6', T0, { kind: 'escalation.opened', ticketRef: '7' }),
      ev('6', T0 + HOUR, { kind: 'escalation.deleted' }),
    ]);
    const ticketLines = ticketLinesOf([
      { source: 'jira', ticketId: 'SD-1', line: 'L1' },
      { source: 'zendesk', ticketId: '7', line: 'L3' },
    ]);
    const board = escalationBoard({ records: [...records.values()], todayStart: Date.parse('2025-03-03T21:00:00Z'), ticketLines, defaultLine: 'L2' });
    expect(board.byLine).toEqual([
      { line: 'L1', open: 1, oldestOpenedAt: new Date(T0).toISOString(), cameBackToday: 1 },
      { line: 'L2', open: 1, oldestOpenedAt: new Date(T0 - 30 * HOUR).toISOString(), cameBackToday: 0 },
      { line: 'L3', open: 1, oldestOpenedAt: new Date(T0 + HOUR).toISOString(), cameBackToday: 0 },
    ]);
  });
});
