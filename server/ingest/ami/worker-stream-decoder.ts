import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../../runtime/ts-worker';
import type { DecodedChunk, DecodedItem, DecodeWorkerData, ToDecodeWorker } from './decode-protocol';
import type { AmiFrameParserCounters } from './frame-parser';
import type { AmiStreamDecoder, DecodedSink } from './stream-decoder';

const DECODE_WORKER = new URL('./decode-worker.ts', import.meta.url);
const NO_COUNTS: AmiFrameParserCounters = { frames: 0, bytes: 0, oversizeDropped: 0, malformedLines: 0, skipped: 0 };
/**
 * A worker this far behind is taken for stuck: a stalled decoder would leave
 * the link up (bytes keep coming, and they keep a late Ping from dropping it)
 * and the board frozen. Decoding is several times faster than the main thread
 * takes events, so only a starved machine gets near it; a false alarm costs a
 * reconnect and a resync.
 */
const STALL_MS = 30_000;

/**
 * A connection's stream decoded and mapped on a worker thread of its own
 * (decode-worker.ts): the main thread keeps the socket and gets back, per
 * chunk and in order, the frames it must see itself (responses, list items)
 * and the live events already mapped. Each post's read time travels with its
 * events, so the ingest latency still starts at the socket.
 *
 * The chunks read in one turn of the event loop go as one post: a PBX writes
 * each event as it happens, and a post per TCP segment would cost the main
 * thread more than decoding the event did.
 */
export class WorkerStreamDecoder implements AmiStreamDecoder {
  /** started with the first bytes: a connection attempt that fails (the PBX down, retried with backoff) costs no thread */
  private worker: Worker | null = null;
  /** chunks read in this turn of the event loop, not posted yet, and when the first was read */
  private unposted: Buffer[] = [];
  private unpostedReadAt = 0;
  private unpostedReceivedAt = 0;
  /** performance.now() of each post not answered yet, oldest first (one post per turn of the event loop: a short list) */
  private readonly readTimes: number[] = [];
  private latest: AmiFrameParserCounters = NO_COUNTS;
  private stopped = false;
  private whenIdle: (() => void) | null = null;

  constructor(
    private readonly sink: DecodedSink,
    /** `workerModule` and `stallMs`: for tests (a worker that never answers, a short wait) */
    private readonly options: { maxFrameBytes: number | undefined; clock: () => number; stallMs?: number; workerModule?: URL },
  ) {}

  push(chunk: Buffer): void {
    if (this.stopped) return;
    if (this.readTimes.length > 0 && performance.now() - this.readTimes[0]! > this.stallMs()) {
      this.fail(new Error(`no answer for ${this.stallMs()} ms`));
      return;
    }
    if (this.unposted.length === 0) {
      this.unpostedReadAt = performance.now();
      this.unpostedReceivedAt = this.options.clock();
      setImmediate(() => this.postChunks());
    }
    this.unposted.push(chunk);
  }

  setCollecting(on: boolean): void {
    if (this.stopped) return;
    // after the bytes read before it: the worker decodes them as they were meant
    this.postChunks();
    this.post({ kind: 'collecting', on });
  }

  get counters(): AmiFrameParserCounters {
    return { ...this.latest };
  }

  async close(): Promise<void> {
    this.postChunks();
    if (!this.stopped && this.readTimes.length > 0) {
      const stalled = setTimeout(() => this.fail(new Error(`no answer for ${this.stallMs()} ms after the connection closed`)), this.stallMs());
      await new Promise<void>((resolve) => (this.whenIdle = resolve));
      clearTimeout(stalled);
    }
    this.stop();
  }

  private stallMs(): number {
    return this.options.stallMs ?? STALL_MS;
  }

  private postChunks(): void {
    if (this.unposted.length === 0 || this.stopped) return;
    // one copy the worker can own (a socket's buffer, like Buffer.concat's, may share its memory with others)
    const bytes = new Uint8Array(this.unposted.reduce((length, chunk) => length + chunk.length, 0));
    let offset = 0;
    for (const chunk of this.unposted) {
      bytes.set(chunk, offset);
      offset += chunk.length;
    }
    this.unposted = [];
    this.readTimes.push(this.unpostedReadAt);
    this.post({ kind: 'chunk', bytes, receivedAt: this.unpostedReceivedAt }, [bytes.buffer]);
  }

  private post(message: ToDecodeWorker, transfer?: ArrayBuffer[]): void {
    this.worker ??= this.startWorker();
    this.worker.postMessage(message, transfer);
  }

  private startWorker(): Worker {
    const workerData: DecodeWorkerData = { maxFrameBytes: this.options.maxFrameBytes };
    const worker = startTsWorker(this.options.workerModule ?? DECODE_WORKER, { workerData });
    worker.on('message', (answer: DecodedChunk) => this.take(answer));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`AMI decode worker exited (${code})`)));
    return worker;
  }

  private take(answer: DecodedChunk): void {
    const readAt = this.readTimes.shift() ?? performance.now();
    const sink = this.sink;
    for (let dropped = this.latest.oversizeDropped; dropped < answer.counters.oversizeDropped; dropped++) sink.oversize();
    this.latest = answer.counters;
    for (const item of JSON.parse(answer.items) as DecodedItem[]) {
      if ('mapped' in item) sink.mapped(item.mapped, readAt);
      else if ('frame' in item) sink.frame(item.frame);
      else sink.banner(item.banner);
    }
    if (answer.ignored > 0) sink.ignored(answer.ignored);
    if (this.readTimes.length === 0) this.settle();
  }

  private fail(error: Error): void {
    if (this.stopped) return;
    this.stop();
    this.sink.failed(error);
  }

  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    void this.worker?.terminate();
    this.settle();
  }

  private settle(): void {
    const resolve = this.whenIdle;
    this.whenIdle = null;
    resolve?.();
  }
}
