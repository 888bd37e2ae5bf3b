import { connect, type Socket } from 'node:net';
import { AsteriskSimulator } from '../../server/simulator/asterisk-simulator';
import type { SimulatorConfigInput } from '../../server/simulator/simulator-config';

/**
 * The simulator's AMI byte stream, recorded once by a raw reader that parses
 * nothing, so it can be replayed into the wallboard faster (or steadier) than
 * the simulator can produce it. Recording is also how the simulator's own
 * generation rate is measured: the reader does no work beyond keeping bytes.
 */
export interface RecordedStream {
  /** the QueueStatus answer at the start, its ActionID written as QUEUE_STATUS_ACTION_ID */
  queueStatusAnswer: string;
  /** the event frames, back to back, as the simulator wrote them */
  events: Buffer;
  /** end offset (exclusive) of each frame in `events` */
  frameEnds: Uint32Array;
  /** AMI events by name (Newexten, VarSet, ... included) */
  eventCounts: Record<string, number>;
  simulatedSeconds: number;
  /** wall time from the first runFor to the reader holding the last byte */
  generationSeconds: number;
}

export const QUEUE_STATUS_ACTION_ID = 'rec-qs';
const CREDENTIALS = { username: 'bench', secret: 'bench' };
/** simulated time asked of the simulator per step, until enough events are recorded */
const STEP_SEC = 600;
const MAX_SIMULATED_SEC = 48 * 3600;

export async function recordSimulatorStream(options: {
  config: SimulatorConfigInput;
  startAt: number;
  minEvents: number;
}): Promise<RecordedStream> {
  const simulator = new AsteriskSimulator({ speed: 'max', startAt: options.startAt, config: options.config, ...CREDENTIALS });
  const port = await simulator.start();
  const reader = await RawReader.open(port);
  try {
    reader.write(
      `Action: Login\r\nActionID: rec-login\r\nUsername: ${CREDENTIALS.username}\r\nSecret: ${CREDENTIALS.secret}\r\n\r\n` +
        `Action: QueueStatus\r\nActionID: ${QUEUE_STATUS_ACTION_ID}\r\n\r\n`,
    );
    await reader.waitForFrame('Event: QueueStatusComplete');
    const preamble = reader.bytes();

    const startedAt = performance.now();
    const eventsBefore = simulator.stats().eventsEmitted;
    let simulatedSeconds = 0;
    while (simulator.stats().eventsEmitted - eventsBefore < options.minEvents && simulatedSeconds < MAX_SIMULATED_SEC) {
      await simulator.runFor(STEP_SEC);
      simulatedSeconds += STEP_SEC;
    }
    // The Ping's answer follows every event on the stream: once it is here, so is the last event.
    reader.write('Action: Ping\r\nActionID: rec-end\r\n\r\n');
    await reader.waitForFrame('ActionID: rec-end');
    const generationSeconds = (performance.now() - startedAt) / 1000;

    const all = reader.bytes();
    const pingAt = all.lastIndexOf('Response: Success\r\nActionID: rec-end');
    const events = all.subarray(preamble.length, pingAt);
    const answerAt = preamble.indexOf(`Response: Success\r\nActionID: ${QUEUE_STATUS_ACTION_ID}`);
    if (answerAt < 0 || pingAt < preamble.length) throw new Error('recording: QueueStatus answer or final Ping reply not found');
    const counts = simulator.stats().eventCounts;
    return {
      queueStatusAnswer: preamble.subarray(answerAt).toString('latin1'),
      events,
      frameEnds: frameEnds(events),
      eventCounts: counts,
      simulatedSeconds,
      generationSeconds,
    };
  } finally {
    reader.close();
    await simulator.stop();
  }
}

function frameEnds(bytes: Buffer): Uint32Array {
  const ends: number[] = [];
  for (let at = bytes.indexOf('\r\n\r\n'); at >= 0; at = bytes.indexOf('\r\n\r\n', at + 4)) ends.push(at + 4);
  if (ends.at(-1) !== bytes.length) throw new Error('recording: the event stream does not end on a frame boundary');
  return Uint32Array.from(ends);
}

/** Keeps every byte it receives; looks only at the newest few kB, and only while waiting. */
class RawReader {
  private readonly chunks: Buffer[] = [];
  private tail = '';
  private waiter: { marker: string; resolve: () => void } | null = null;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      if (!this.waiter) return;
      this.tail = (this.tail + chunk.subarray(-8192).toString('latin1')).slice(-16384);
      if (this.holdsFrame(this.waiter.marker)) this.waiter.resolve();
    });
  }

  static open(port: number): Promise<RawReader> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => resolve(new RawReader(socket)));
      socket.once('error', reject);
    });
  }

  write(text: string): void {
    this.socket.write(text);
  }

  /** Resolves once a whole frame containing `marker` has arrived. */
  waitForFrame(marker: string, timeoutMs = 120_000): Promise<void> {
    this.tail = '';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`recording: no "${marker}" within ${timeoutMs} ms`)), timeoutMs);
      this.waiter = {
        marker,
        resolve: () => {
          clearTimeout(timer);
          this.waiter = null;
          resolve();
        },
      };
    });
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  close(): void {
    this.socket.destroy();
  }

  private holdsFrame(marker: string): boolean {
    const at = this.tail.lastIndexOf(marker);
    return at >= 0 && this.tail.indexOf('\r\n\r\n', at) >= 0;
  }
}
