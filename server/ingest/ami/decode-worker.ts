import { parentPort, workerData } from 'node:worker_threads';
import { AMI_EVENT_MARKERS, AMI_EVENTS_WANTED, mapAmiEvent } from './ami-event-mapper';
import type { DecodedChunk, DecodedItem, DecodeWorkerData, ToDecodeWorker } from './decode-protocol';
import { AmiFrameParser } from './frame-parser';

/**
 * One AMI connection's byte stream, framed, decoded and mapped off the main
 * thread (worker-stream-decoder.ts starts it). At a busy PBX's rate this is
 * about half of the main thread's work per event, and half of the events
 * (Newexten, other VarSets) end here without ever reaching it.
 */
const port = parentPort!;
const { maxFrameBytes } = workerData as DecodeWorkerData;
const MARKERS = new Map([...AMI_EVENT_MARKERS].map(([name, text]) => [name, Buffer.from(text)]));

let collecting = false;
let receivedAt = 0;
let items: DecodedItem[] = [];
let ignored = 0;

const parser = new AmiFrameParser({
  maxFrameBytes,
  onBanner: (banner) => items.push({ banner }),
  wantEvent: (name) => collecting || (MARKERS.get(name) ?? AMI_EVENTS_WANTED.has(name)),
  onFrame: (frame) => {
    if (collecting || frame.fields.event === undefined) {
      items.push({ frame });
      return;
    }
    const result = mapAmiEvent(frame, receivedAt);
    if (result.kind === 'ignored') ignored++;
    else items.push({ mapped: result });
  },
});

port.on('message', (message: ToDecodeWorker) => {
  if (message.kind === 'collecting') {
    collecting = message.on;
    return;
  }
  receivedAt = message.receivedAt;
  parser.push(Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength));
  const answer: DecodedChunk = { items: JSON.stringify(items), ignored, counters: parser.counters };
  items = [];
  ignored = 0;
  port.postMessage(answer);
});
