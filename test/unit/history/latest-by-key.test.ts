import { describe, expect, it } from 'vitest';
import { LatestByKey } from '../../../server/history/latest-by-key';

describe('LatestByKey', () => {
  it('keeps the latest row of each (text, number) key, in the order the keys first came, and empties on take', () => {
    const rows = new LatestByKey<string>();
    rows.set('a', 1, 'a1');
    rows.set('b', 1, 'b1');
    rows.set('a', 2, 'a2');
    rows.set('a', 1, 'a1 again');
    rows.set('a\n1', 0, 'no clash with a joined key');
    expect(rows.size).toBe(4);
    expect(rows.take()).toEqual(['a1 again', 'b1', 'a2', 'no clash with a joined key']);
    expect(rows.size).toBe(0);
    rows.set('a', 1, 'after take');
    expect(rows.take()).toEqual(['after take']);
  });
});
