import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseGeneratedStream } from '../../support/parse-ami-stream';

const SCRIPT = new URL('../../support/parse-ami-stream.ts', import.meta.url).pathname;

describe('AMI header shapes where compiling is refused', () => {
  it('gives the same frames as compiled shapes do', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--disallow-code-generation-from-strings', '--import', 'tsx', SCRIPT], {
      maxBuffer: 64 * 1024 * 1024,
    });
    const compiled = JSON.stringify(parseGeneratedStream());
    expect(JSON.parse(compiled)).toHaveLength(3000);
    expect(stdout).toBe(compiled);
  });
});
