import { describe, expect, it } from 'vitest';
import { clockLabel } from '../../../client/src/ticket-labels';

describe('clockLabel', () => {
  it('names the running clock of a customer SLA', () => {
    expect(clockLabel({ clock: 'firstResponse', agreement: 'sla' })).toBe('First response');
    expect(clockLabel({ clock: 'nextReply', agreement: 'sla' })).toBe('Next reply');
    expect(clockLabel({ clock: 'resolution', agreement: 'sla' })).toBe('Resolution');
  });

  it('adds the line whose OLA is at risk', () => {
    expect(clockLabel({ clock: 'resolution', agreement: 'L3' })).toBe('Resolution · OLA L3');
  });
});
