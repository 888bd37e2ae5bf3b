import { describe, expect, it } from 'vitest';
import { sourceDownLine } from '../../../client/src/source-problem';

describe('sourceDownLine', () => {
  it('says since when and why in words for each kind of failure', () => {
    expect(sourceDownLine('09:12', 'refused')).toBe('PBX LINK DOWN since 09:12 — connection refused: is Asterisk running, is the AMI port right?');
    expect(sourceDownLine('09:12', 'auth')).toContain('bad login');
    expect(sourceDownLine('09:12', 'timeout')).toContain('timed out');
  });

  it('says what it does not know rather than inventing it', () => {
    expect(sourceDownLine(null, null)).toBe('PBX LINK DOWN — reason not known yet');
  });
});
