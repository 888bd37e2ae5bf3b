import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../server/import/line-splitter';

function splitAll(chunks: readonly Buffer[], maxLineBytes = 1024): { lines: string[]; overlong: number } {
  const lines: string[] = [];
  let overlong = 0;
  const splitter = new LineSplitter({ onLine: (l) => lines.push(l), onOverlong: () => overlong++, maxLineBytes });
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return { lines, overlong };
}

/** The bytes cut at the given offsets. */
function cut(bytes: Buffer, offsets: readonly number[]): Buffer[] {
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(from, point));
    from = point;
  }
  return chunks;
}

describe('the line splitter', () => {
  it('gives the same lines wherever the chunks are cut, also inside a multi-byte character', () => {
    const text = '1700000000|1.1|support|Анна Петрова|CONNECT|5|2.2|3\n1700000001|NONE|sales|Ivan|PAUSE|Обед 🍲\n\nlast without newline';
    const bytes = Buffer.from(text, 'utf8');
    const expected = text.split('\n');
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 12 }), (offsets) => {
        expect(splitAll(cut(bytes, offsets)).lines).toEqual(expected);
      }),
    );
  });

  it('skips a line longer than the limit up to its newline, counts it, and goes on with the next', () => {
    const long = 'x'.repeat(5000);
    const bytes = Buffer.from(`first\n${long}\nsecond\n`);
    for (const chunks of [[bytes], cut(bytes, [3, 100, 2000, 4000, 5004, 5008])]) {
      expect(splitAll(chunks, 1000)).toEqual({ lines: ['first', 'second'], overlong: 1 });
    }
  });

  it('counts an overlong line by its bytes, not its characters', () => {
    // 400 Cyrillic letters are 800 bytes: over a 500-byte limit.
    expect(splitAll([Buffer.from(`${'я'.repeat(400)}\nok\n`)], 500)).toEqual({ lines: ['ok'], overlong: 1 });
  });

  it('holds no more than the limit for an unfinished line', () => {
    const splitter = new LineSplitter({ onLine: () => undefined, onOverlong: () => undefined, maxLineBytes: 100 });
    for (let i = 0; i < 50; i++) splitter.push(Buffer.from('y'.repeat(30)));
    expect(splitter.heldBytes).toBeLessThanOrEqual(100);
  });

  it('forgets a partial line on reset', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter({ onLine: (l) => lines.push(l), onOverlong: () => undefined, maxLineBytes: 100 });
    splitter.push(Buffer.from('half a li'));
    splitter.reset();
    splitter.push(Buffer.from('whole\n'));
    splitter.end();
    expect(lines).toEqual(['whole']);
  });
});
