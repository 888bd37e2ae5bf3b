import type { AmiFrame } from './ami-frame';
import type { MapResult } from './ami-event-mapper';
import { AmiFrameParser, type AmiBanner, type AmiFrameParserCounters } from './frame-parser';

/** Where a connection's decoded stream goes, in stream order. */
export interface DecodedSink {
  banner(banner: AmiBanner): void;
  /** a response, a list item, or (decoded on this thread) an event */
  frame(frame: AmiFrame): void;
  /** a live event mapped on the decode worker; `readAt`: performance.now() when its bytes were read */
  mapped(result: Exclude<MapResult, { kind: 'ignored' }>, readAt: number): void;
  /** events the worker mapped to nothing the board uses */
  ignored(count: number): void;
  /** a frame dropped for its size */
  oversize(): void;
  /** the decoder cannot go on: the connection must end */
  failed(error: Error): void;
}

/** One connection's byte stream -> frames (and, off-thread, mapped events). */
export interface AmiStreamDecoder {
  push(chunk: Buffer): void;
  /** on while a list answer is being collected: every event is then decoded and handed over as a frame */
  setCollecting(on: boolean): void;
  readonly counters: AmiFrameParserCounters;
  /** Resolves once everything pushed so far has reached the sink; nothing may be pushed after. */
  close(): Promise<void>;
}

/** Decoding on the connection's own thread, as each chunk is read: the sink sees frames only. */
export class InThreadDecoder implements AmiStreamDecoder {
  private readonly parser: AmiFrameParser;
  private collecting = false;

  constructor(sink: DecodedSink, options: { maxFrameBytes: number | undefined; wantEvent: ((eventName: string) => boolean) | undefined }) {
    const wantEvent = options.wantEvent;
    this.parser = new AmiFrameParser({
      maxFrameBytes: options.maxFrameBytes,
      onBanner: (banner) => sink.banner(banner),
      onFrame: (frame) => sink.frame(frame),
      onOversize: () => sink.oversize(),
      wantEvent: wantEvent === undefined ? undefined : (name) => this.collecting || wantEvent(name),
    });
  }

  push(chunk: Buffer): void {
    this.parser.push(chunk);
  }

  setCollecting(on: boolean): void {
    this.collecting = on;
  }

  get counters(): AmiFrameParserCounters {
    return this.parser.counters;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
