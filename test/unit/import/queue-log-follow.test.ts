import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemberDirectory } from '../../../server/import/member-directory';
import { importQueueLog } from '../../../server/import/queue-log-import';
import { memorySink, rulesOf } from './import-test-kit';
import { simulateOutputs } from './simulated-day';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('importing a queue_log while Asterisk writes it', () => {
  it('builds every call once across rotation and truncation, the same rows as importing the whole log at once', async () => {
    const run = simulateOutputs(Date.parse('2026-03-02T05:00:00Z'), 3);
    const rules = rulesOf(run.config);
    const dir = mkdtempSync(path.join(tmpdir(), 'queue-log-follow-'));
    dirs.push(dir);
    const whole = path.join(dir, 'whole.queue_log');
    writeFileSync(whole, `${run.queueLog.join('\n')}\n`);
    const once = memorySink();
    await importQueueLog({ file: whole, rules, members: new MemberDirectory(run.members), sink: once });

    // The live file gets the same lines in four parts: appended, rotated away, truncated in place.
    const lines = run.queueLog.map((line) => `${line}\n`);
    const quarter = Math.floor(lines.length / 4);
    const parts = [0, 1, 2, 3].map((i) => lines.slice(i * quarter, i === 3 ? lines.length : (i + 1) * quarter).join(''));
    const live = path.join(dir, 'queue_log');
    writeFileSync(live, parts[0]!);
    const followed = memorySink();
    const stop = new AbortController();
    let bytesRead = 0;
    const importing = importQueueLog({
      file: live,
      rules,
      members: new MemberDirectory(run.members),
      sink: followed,
      follow: true,
      signal: stop.signal,
      pollMs: 20,
      quietMs: 300,
      onProgress: ({ bytes }) => (bytesRead = bytes),
    });
    let written = Buffer.byteLength(parts[0]!);
    const write = async (file: string, text: string, how: 'append' | 'create'): Promise<void> => {
      if (how === 'append') appendFileSync(file, text);
      else writeFileSync(file, text);
      written += Buffer.byteLength(text);
      await vi.waitFor(() => expect(bytesRead).toBe(written), { timeout: 10_000 });
    };
    await vi.waitFor(() => expect(bytesRead).toBe(written), { timeout: 10_000 });
    await write(live, parts[1]!, 'append');
    renameSync(live, `${live}.1`);
    await write(live, parts[2]!, 'create');
    // copytruncate: emptied in place, then written from the start (first a few lines, shorter than before).
    truncateSync(live, 0);
    const [head, tail] = [parts[3]!.slice(0, 300), parts[3]!.slice(300)];
    await write(live, head, 'append');
    await write(live, tail, 'append');
    stop.abort();
    const result = await importing;

    expect(result).toMatchObject({ lines: run.queueLog.length, rotations: 1, truncations: 1, rejected: {} });
    expect(followed.calls()).toEqual(once.calls());
  });
});
