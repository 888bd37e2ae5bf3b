import { createServer, type Server, type Socket } from 'node:net';
import { amiTimestamp } from '../../server/simulator/ami-event';
import { pingReply, response } from '../../server/simulator/ami-replies';
import { QUEUE_STATUS_ACTION_ID, type RecordedStream } from './recorded-stream';

/** Frames written together at one instant; their Timestamps all say `at`. */
export interface SendTick {
  /** epoch ms (Date.now) of the write */
  at: number;
  frames: number;
}

export interface StreamResult {
  frames: number;
  bytes: number;
  /** first write to last write handed to the socket */
  seconds: number;
}

export interface PacedResult extends StreamResult {
  ticks: SendTick[];
  /** the most bytes ever waiting in the socket's user-space buffer: > 0 means the reader fell behind */
  maxBacklogBytes: number;
  /** seconds into the run when the backlog passed MAX_BACKLOG_BYTES and sending stopped; null = held the rate */
  gaveUpAfterSec: number | null;
}

const BANNER = 'Asterisk Call Manager/9.0.0\r\n';
/** full-speed writes, cut on frame boundaries so an action reply never lands inside a frame */
const SLICE_BYTES = 512 * 1024;
const PACE_TICK_MS = 1;
/**
 * Beyond this much unsent data (on top of the kernel's buffers) the reader is
 * seconds behind; going on would only end in the board's Ping timeout.
 */
const MAX_BACKLOG_BYTES = 16 * 1024 * 1024;
const TIMESTAMP_FIELD = '\r\nTimestamp: ';
const NO_TIMESTAMP = 0xffffffff;

/**
 * A minimal AMI endpoint that serves a recorded stream: banner, Login (any
 * credentials), Ping, the recorded QueueStatus answer, then the recorded events,
 * either as fast as the reader takes them or at a fixed rate with each frame's
 * Timestamp rewritten to its real send time, so a board's `lastEventAt` says
 * when the newest event it shows left the "PBX".
 */
export class ReplayAmiServer {
  private readonly server: Server;
  private session: Socket | null = null;
  private resynced: Promise<void>;
  private markResynced: () => void = () => undefined;
  /** offset of each frame's Timestamp value in recording.events */
  private readonly timestampAt: Uint32Array;

  constructor(private readonly recording: RecordedStream) {
    this.server = createServer((socket) => this.accept(socket));
    this.resynced = new Promise((resolve) => (this.markResynced = resolve));
    this.timestampAt = timestampOffsets(recording);
  }

  get frameCount(): number {
    return this.recording.frameEnds.length;
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
  }

  /** Resolves once a reader has logged in and been sent the QueueStatus answer. */
  whenResynced(): Promise<void> {
    return this.resynced;
  }

  /** Writes every recorded frame as fast as the reader takes them (socket backpressure respected). */
  async streamAll(): Promise<StreamResult> {
    const { events, frameEnds } = this.recording;
    const started = performance.now();
    let from = 0;
    while (from < frameEnds.length) {
      const to = frameIndexAfter(frameEnds, frameStart(frameEnds, from) + SLICE_BYTES);
      const socket = this.reader();
      if (!socket.write(events.subarray(frameStart(frameEnds, from), frameEnds[to - 1]))) await drained(socket);
      from = to;
    }
    return { frames: frameEnds.length, bytes: events.length, seconds: (performance.now() - started) / 1000 };
  }

  /**
   * Writes `eventsPerSec` frames a second (in small writes every millisecond or
   * so) for `seconds`, or until the recording runs out. The rate is held even
   * when the reader falls behind (the backlog then shows as latency), until the
   * backlog passes MAX_BACKLOG_BYTES.
   */
  async streamPaced(options: { eventsPerSec: number; seconds: number }): Promise<PacedResult> {
    const { frameEnds } = this.recording;
    const ticks: SendTick[] = [];
    const started = performance.now();
    let sent = 0;
    let bytes = 0;
    let maxBacklogBytes = 0;
    let gaveUpAfterSec: number | null = null;
    for (;;) {
      const elapsedSec = (performance.now() - started) / 1000;
      const due = Math.min(frameEnds.length, Math.floor(elapsedSec * options.eventsPerSec));
      if (due > sent) {
        const at = Date.now();
        const chunk = this.stamped(sent, due, amiTimestamp(at));
        const socket = this.reader();
        socket.write(chunk);
        maxBacklogBytes = Math.max(maxBacklogBytes, socket.writableLength);
        ticks.push({ at, frames: due - sent });
        bytes += chunk.length;
        sent = due;
      }
      if (sent >= frameEnds.length || elapsedSec >= options.seconds) break;
      if (maxBacklogBytes > MAX_BACKLOG_BYTES) {
        gaveUpAfterSec = elapsedSec;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, PACE_TICK_MS));
    }
    return { frames: sent, bytes, seconds: (performance.now() - started) / 1000, ticks, maxBacklogBytes, gaveUpAfterSec };
  }

  async close(): Promise<void> {
    this.session?.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A copy of frames [from, to) with every Timestamp value replaced by `stamp` (same width). */
  private stamped(from: number, to: number, stamp: string): Buffer {
    const { events, frameEnds } = this.recording;
    const start = frameStart(frameEnds, from);
    const chunk = Buffer.from(events.subarray(start, frameEnds[to - 1]));
    for (let i = from; i < to; i++) {
      const at = this.timestampAt[i]!;
      if (at !== NO_TIMESTAMP) chunk.write(stamp, at - start, 'latin1');
    }
    return chunk;
  }

  private reader(): Socket {
    if (!this.session || this.session.destroyed) throw new Error('replay: the wallboard is not connected');
    return this.session;
  }

  private accept(socket: Socket): void {
    this.session?.destroy();
    this.session = socket;
    socket.setNoDelay(true);
    socket.on('error', () => socket.destroy());
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      for (let end = pending.indexOf('\r\n\r\n'); end >= 0; end = pending.indexOf('\r\n\r\n')) {
        this.answer(socket, actionHeaders(pending.slice(0, end)));
        pending = pending.slice(end + 4);
      }
    });
    socket.write(BANNER);
  }

  private answer(socket: Socket, action: Map<string, string>): void {
    const actionId = action.get('actionid') ?? null;
    switch (action.get('action')?.toLowerCase()) {
      case 'login':
        socket.write(response('Success', actionId, 'Authentication accepted'));
        return;
      case 'ping':
        socket.write(pingReply(actionId, Date.now()));
        return;
      case 'queuestatus':
        socket.write(this.recording.queueStatusAnswer.replaceAll(`ActionID: ${QUEUE_STATUS_ACTION_ID}\r\n`, `ActionID: ${actionId ?? ''}\r\n`));
        this.markResynced();
        return;
      default:
        socket.write(response('Error', actionId, 'Invalid/unknown command'));
    }
  }
}

function actionHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function frameStart(frameEnds: Uint32Array, index: number): number {
  return index === 0 ? 0 : frameEnds[index - 1]!;
}

/** The index just past the first frame ending at or after `offset` (at most frameEnds.length). */
function frameIndexAfter(frameEnds: Uint32Array, offset: number): number {
  let low = 0;
  let high = frameEnds.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (frameEnds[mid]! >= offset) high = mid;
    else low = mid + 1;
  }
  return low + 1;
}

function timestampOffsets({ events, frameEnds }: RecordedStream): Uint32Array {
  const offsets = new Uint32Array(frameEnds.length);
  for (let i = 0; i < frameEnds.length; i++) {
    const at = events.indexOf(TIMESTAMP_FIELD, frameStart(frameEnds, i));
    offsets[i] = at >= 0 && at < frameEnds[i]! ? at + TIMESTAMP_FIELD.length : NO_TIMESTAMP;
  }
  return offsets;
}

function drained(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}
