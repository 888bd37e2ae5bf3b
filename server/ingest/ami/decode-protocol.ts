import type { AmiFrame } from './ami-frame';
import type { MapResult } from './ami-event-mapper';
import type { AmiBanner, AmiFrameParserCounters } from './frame-parser';

/**
 * Messages between an AMI connection and its decode worker (decode-worker.ts).
 * Both ends are our own code in one process, so they are typed, not parsed.
 */

export interface DecodeWorkerData {
  maxFrameBytes: number | undefined;
}

export type ToDecodeWorker =
  /** bytes read from the socket in one turn of the event loop; `receivedAt`: the site clock at the first read, the time of events without a Timestamp */
  | { kind: 'chunk'; bytes: Uint8Array; receivedAt: number }
  /** on while a list answer is being collected: every event then comes back as a frame */
  | { kind: 'collecting'; on: boolean };

/** What one chunk held, in stream order. */
export type DecodedItem =
  | { banner: AmiBanner }
  /** a response, a list item, or an event while collecting */
  | { frame: AmiFrame }
  /** a live event, mapped (ami-event-mapper.ts); never 'ignored' */
  | { mapped: Exclude<MapResult, { kind: 'ignored' }> };

/** The answer to each 'chunk' message, one each and in order. */
export interface DecodedChunk {
  /** JSON of DecodedItem[]: parsed on the main thread far faster than a structured clone of the same objects */
  items: string;
  /** mapped events that carried nothing for the board (VarSet of another variable ...) */
  ignored: number;
  /** the parser's totals for the connection so far */
  counters: AmiFrameParserCounters;
}
