import { watch, type FSWatcher } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/**
 * Reading a log file in chunks, once to its end or following it as it grows
 * (`tail -F`): across rotation by rename (logrotate's default) and truncation
 * in place (logrotate's copytruncate).
 *
 * Rotation: when the path names another file than the one open, the open one
 * is still read until it has been quiet for `quietMs`: Asterisk keeps writing
 * to the renamed file until `logger reload` reopens it, and logrotate's
 * `create` makes the new file before that. Then the new file is read from its
 * start, so the lines come in the order Asterisk wrote them.
 * Truncation: a file shorter than what was read is read again from its start;
 * lines written between the last read and the truncation are gone (that is
 * what copytruncate does to every reader).
 */

export interface FollowHandlers {
  /** the next bytes; the buffer is reused once the returned promise settles */
  onChunk(chunk: Buffer): void | Promise<void>;
  /** the bytes that follow come from another file ('rotated') or from the start of this one ('truncated') */
  onRestart(reason: 'rotated' | 'truncated'): void;
  /** everything written so far has been read (called once per catch-up, before waiting for more) */
  onCaughtUp?(): void | Promise<void>;
}

export interface FollowOptions {
  signal: AbortSignal;
  /** how often to look when no change notice came (fs.watch misses changes on some file systems) */
  pollMs?: number;
  /** how long a rotated-away file must stay unchanged before the new one is read */
  quietMs?: number;
  chunkBytes?: number;
}

const DEFAULT_CHUNK_BYTES = 1 << 20;

/** Reads a file from start to end, or until the signal aborts; resolves with the bytes read. */
export async function readFileChunks(
  file: string,
  onChunk: (chunk: Buffer) => void | Promise<void>,
  options: { signal?: AbortSignal; chunkBytes?: number } = {},
): Promise<number> {
  const reader = await OpenFile.open(file, options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
  try {
    return await reader.readToEnd(onChunk, options.signal);
  } finally {
    await reader.close();
  }
}

/** Follows a file until the signal aborts; a missing file is waited for. */
export async function followFile(file: string, handlers: FollowHandlers, options: FollowOptions): Promise<void> {
  const pollMs = options.pollMs ?? 500;
  const quietMs = options.quietMs ?? Math.max(1000, 2 * pollMs);
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const changes = new ChangeNotices(file, pollMs, options.signal);
  let current: OpenFile | null = null;
  /** when the rotated-away file last grew */
  let rotatedQuietSince: number | null = null;
  /** bytes read since the last onCaughtUp */
  let unreported = 0;
  try {
    while (!options.signal.aborted) {
      current ??= await OpenFile.openIfExists(file, chunkBytes);
      if (current) {
        if (await current.wasTruncated()) {
          current.rewind();
          handlers.onRestart('truncated');
        }
        const read = await current.readToEnd(handlers.onChunk, options.signal);
        unreported += read;
        if (await current.isReplacedAt(file)) {
          const now = performance.now();
          if (read > 0 || rotatedQuietSince === null) rotatedQuietSince = now;
          if (now - rotatedQuietSince >= quietMs) {
            await current.close();
            current = null;
            rotatedQuietSince = null;
            handlers.onRestart('rotated');
            continue;
          }
        } else {
          rotatedQuietSince = null;
        }
      }
      if (unreported > 0 && !options.signal.aborted) {
        unreported = 0;
        await handlers.onCaughtUp?.();
      }
      await changes.next();
    }
  } finally {
    changes.close();
    await current?.close();
  }
}

class OpenFile {
  private position = 0;
  private readonly buffer: Buffer;

  private constructor(
    private readonly handle: FileHandle,
    chunkBytes: number,
  ) {
    this.buffer = Buffer.allocUnsafe(chunkBytes);
  }

  static async open(file: string, chunkBytes: number): Promise<OpenFile> {
    return new OpenFile(await open(file, 'r'), chunkBytes);
  }

  static async openIfExists(file: string, chunkBytes: number): Promise<OpenFile | null> {
    try {
      return await OpenFile.open(file, chunkBytes);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async readToEnd(onChunk: (chunk: Buffer) => void | Promise<void>, signal?: AbortSignal): Promise<number> {
    let total = 0;
    while (!signal?.aborted) {
      const { bytesRead } = await this.handle.read(this.buffer, 0, this.buffer.length, this.position);
      if (bytesRead === 0) return total;
      this.position += bytesRead;
      total += bytesRead;
      await onChunk(this.buffer.subarray(0, bytesRead));
    }
    return total;
  }

  async wasTruncated(): Promise<boolean> {
    return (await this.handle.stat()).size < this.position;
  }

  rewind(): void {
    this.position = 0;
  }

  /** The path now names another file (a new one after a rename); false while nothing is at the path yet. */
  async isReplacedAt(file: string): Promise<boolean> {
    const [mine, named] = await Promise.all([this.handle.stat(), stat(file).catch(() => null)]);
    return named !== null && (named.ino !== mine.ino || named.dev !== mine.dev);
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** Resolves `next()` on a change notice for the file's directory entry, on the poll timer, or on abort. */
class ChangeNotices {
  private watcher: FSWatcher | null = null;
  private readonly timer: NodeJS.Timeout;
  private pending = false;
  private wake: (() => void) | null = null;
  private readonly onAbort = (): void => this.poke();

  constructor(
    file: string,
    pollMs: number,
    private readonly signal: AbortSignal,
  ) {
    const name = path.basename(file);
    try {
      // The directory, not the file: a rename and the new file's creation are seen there.
      this.watcher = watch(path.dirname(file), (_event, changed) => {
        if (changed === null || changed === name) this.poke();
      });
      this.watcher.on('error', () => this.watcher?.close());
    } catch {
      this.watcher = null;
    }
    this.timer = setInterval(() => this.poke(), pollMs);
    signal.addEventListener('abort', this.onAbort);
  }

  next(): Promise<void> {
    if (this.pending || this.signal.aborted) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.wake = () => {
        this.pending = false;
        resolve();
      };
    });
  }

  close(): void {
    clearInterval(this.timer);
    this.watcher?.close();
    this.signal.removeEventListener('abort', this.onAbort);
    this.poke();
  }

  private poke(): void {
    this.pending = true;
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
