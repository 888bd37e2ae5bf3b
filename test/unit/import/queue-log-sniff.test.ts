import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkQueueLogFile, NotAQueueLogError } from '../../../server/import/queue-log-sniff';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function file(content: string | Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sniff-'));
  dirs.push(dir);
  const name = path.join(dir, 'queue_log');
  writeFileSync(name, content);
  return name;
}

describe('is it a queue_log', () => {
  it('takes the sample queue_log, an empty file, and a log whose verbs are partly unknown to the parser', async () => {
    await expect(checkQueueLogFile('test/fixtures/queue-log/asterisk-sample.queue_log')).resolves.toBeUndefined();
    await expect(checkQueueLogFile(file(''))).resolves.toBeUndefined();
    await expect(checkQueueLogFile(file('1700000000|NONE|NONE|NONE|QUEUESTART|\n1700000001|17.1|support|NONE|SOMENEWVERB|x\n'))).resolves.toBeUndefined();
  });

  it('refuses a CSV, a full Asterisk log and bytes, naming the first line', async () => {
    await expect(checkQueueLogFile(file('start;answer;end\n2025-12-01 09:00:10;;2025-12-01 09:04:25\n'))).rejects.toThrow(
      /does not look like an Asterisk queue_log: 0 of its first 2 lines .*"start;answer;end"/,
    );
    await expect(checkQueueLogFile(file('[Dec  1 09:00:00] VERBOSE[123] pbx.c: Executing [700@from-internal:1]\n'.repeat(100)))).rejects.toThrow(
      NotAQueueLogError,
    );
    await expect(checkQueueLogFile(file(Buffer.alloc(200_000, 7)))).rejects.toThrow(NotAQueueLogError);
  });
});
