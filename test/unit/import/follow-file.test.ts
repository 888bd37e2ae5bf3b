import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { followFile, readFileChunks } from '../../../server/import/follow-file';
import { LineSplitter } from '../../../server/import/line-splitter';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'follow-'));
  dirs.push(dir);
  return path.join(dir, 'queue_log');
}

/** Follows `file` into a list of lines the way the importer does. */
function follow(file: string) {
  const lines: string[] = [];
  const restarts: string[] = [];
  const stop = new AbortController();
  const splitter = new LineSplitter({ onLine: (l) => lines.push(l), onOverlong: () => lines.push('<overlong>'), maxLineBytes: 4096 });
  const done = followFile(
    file,
    {
      onChunk: (chunk) => splitter.push(chunk),
      onRestart: (reason) => {
        restarts.push(reason);
        if (reason === 'rotated') splitter.end();
        else splitter.reset();
      },
    },
    { signal: stop.signal, pollMs: 20, quietMs: 400, chunkBytes: 64 },
  );
  return {
    lines,
    restarts,
    async stop() {
      stop.abort();
      await done;
    },
  };
}

const line = (n: number): string => `17000${String(n).padStart(5, '0')}|call-${n}|support|NONE|ENTERQUEUE||79160000000|1`;
const block = (from: number, to: number): string => Array.from({ length: to - from }, (_, i) => `${line(from + i)}\n`).join('');
const numbers = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, i) => line(from + i));

describe('following a log file', () => {
  it('reads every line exactly once through growth, rotation by rename, truncation and more appends', async () => {
    const file = tempFile();
    writeFileSync(file, block(0, 50));
    const tail = follow(file);
    await vi.waitFor(() => expect(tail.lines).toHaveLength(50));

    // Appends, one of them in two writes with the line split in the middle.
    appendFileSync(file, block(50, 80));
    appendFileSync(file, line(80).slice(0, 20));
    await new Promise((resolve) => setTimeout(resolve, 50));
    appendFileSync(file, `${line(80).slice(20)}\n`);
    await vi.waitFor(() => expect(tail.lines).toHaveLength(81));

    // logrotate: rename, then `create` makes the new file while Asterisk still writes to the old
    // one until `logger reload`; the new file's lines come after all of the old file's.
    renameSync(file, `${file}.1`);
    appendFileSync(`${file}.1`, block(81, 85));
    writeFileSync(file, block(90, 120));
    appendFileSync(`${file}.1`, block(85, 90));
    await vi.waitFor(() => expect(tail.lines).toHaveLength(120));
    expect(tail.restarts).toEqual(['rotated']);
    expect(tail.lines).toEqual(numbers(0, 120));

    // copytruncate: the file is emptied in place, then written again.
    truncateSync(file, 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    appendFileSync(file, block(120, 125));
    await vi.waitFor(() => expect(tail.lines).toHaveLength(125));
    appendFileSync(file, block(125, 200));
    await vi.waitFor(() => expect(tail.lines).toHaveLength(200));
    await tail.stop();

    expect(tail.restarts).toEqual(['rotated', 'truncated']);
    expect(tail.lines).toEqual(numbers(0, 200));
  });

  it('waits for a file that does not exist yet', async () => {
    const file = tempFile();
    const tail = follow(file);
    await new Promise((resolve) => setTimeout(resolve, 60));
    writeFileSync(file, block(0, 3));
    await vi.waitFor(() => expect(tail.lines).toEqual(numbers(0, 3)));
    await tail.stop();
  });

  it('reads a whole file once without following', async () => {
    const file = tempFile();
    writeFileSync(file, block(0, 40));
    const chunks: Buffer[] = [];
    const bytes = await readFileChunks(file, (chunk) => void chunks.push(Buffer.from(chunk)), { chunkBytes: 100 });
    expect(bytes).toBe(Buffer.byteLength(block(0, 40)));
    expect(Buffer.concat(chunks).toString()).toBe(block(0, 40));
  });
});
