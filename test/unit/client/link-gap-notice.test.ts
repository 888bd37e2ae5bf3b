import { describe, expect, it } from 'vitest';
import { linkGapNotice } from '../../../client/src/link-gap-notice';

const tile = (linkGaps?: { from: string; to: string; calls: 'estimated' | 'unknown' }[]) => ({ linkGaps }) as never;
const gap = (from: string, to: string, calls: 'estimated' | 'unknown' = 'estimated') => ({ from, to, calls });

describe('linkGapNotice', () => {
  it('is null without gaps, and names each gap once in site time', () => {
    expect(linkGapNotice({ timeZone: 'Europe/Moscow', queues: [tile(), tile()] })).toBeNull();
    const morning = gap('2026-11-23T07:02:00Z', '2026-11-23T07:04:30Z');
    const noon = gap('2026-11-23T09:30:00Z', '2026-11-23T09:31:00Z');
    expect(linkGapNotice({ timeZone: 'Europe/Moscow', queues: [tile([morning]), tile([morning, noon])] })).toBe(
      'estimated after link gaps 10:02 to 10:04, 12:30 to 12:31',
    );
  });

  it('says what could not be counted at all', () => {
    const restart = gap('2026-11-23T07:02:00Z', '2026-11-23T07:04:30Z', 'unknown');
    expect(linkGapNotice({ timeZone: 'Europe/Moscow', queues: [tile([restart])] })).toBe('calls missing after a link gap 10:02 to 10:04 (the PBX restarted)');
  });
});
