import { describe, expect, it } from 'vitest';
import { copyText, copyTimestamp } from '../../../server/history/copy-lines';

/** What Postgres reads from Date.toISOString, written the way copyTimestamp writes it. */
const viaDate = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace('Z', '+00');

describe('COPY text lines', () => {
  it('writes a timestamp as the Date the live writer sends would be read, fraction of a millisecond dropped, across days in any order', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const samples = [0, -1, -0.5, 1.999, 86_399_999.9, 86_400_000, Date.parse('2026-03-29T00:59:59.999Z'), Date.parse('2026-10-25T01:00:00Z')];
    for (let i = 0; i < 5_000; i++) samples.push((random() - 0.1) * 4_200_000_000_000);
    // Neighbours on the same day, then a jump: the cached day must follow.
    for (let i = 0; i < 1_000; i++) samples.push(Date.parse('2026-03-02T00:00:00Z') + random() * 3 * 86_400_000);
    for (const ms of samples) expect(copyTimestamp(ms), String(ms)).toBe(viaDate(ms));
    expect(copyTimestamp(null)).toBe('\\N');
  });

  it('leaves years beyond four digits to the ISO form', () => {
    const far = Date.parse('+012345-06-07T08:09:10.011Z');
    expect(copyTimestamp(far)).toBe(new Date(far).toISOString());
  });

  it('escapes what COPY reads as separators', () => {
    expect(copyText('a\tb\nc\\d\re')).toBe('a\\tb\\nc\\\\d\\re');
    expect(copyText(null)).toBe('\\N');
  });
});
