/**
 * Parses the bench's generated Asterisk 22 stream and writes the frames as JSON to stdout:
 * run under `node --disallow-code-generation-from-strings --import tsx` it shows what the
 * parser gives where header shapes cannot be compiled.
 */
import { generateAsterisk22Stream } from '../../bench/fixtures/asterisk22-stream';
import type { AmiFrame } from '../../server/ingest/ami/ami-frame';
import { AmiFrameParser } from '../../server/ingest/ami/frame-parser';

/** Frames of the stream; with thousands, every common shape is seen far more often than it takes to compile it. */
export function parseGeneratedStream(frames = 3000): AmiFrame[] {
  const parsed: AmiFrame[] = [];
  const parser = new AmiFrameParser({ onFrame: (frame) => parsed.push(frame) });
  const { bytes } = generateAsterisk22Stream({ frames, seed: 7 });
  for (let offset = 0; offset < bytes.length; offset += 1400) parser.push(bytes.subarray(offset, offset + 1400));
  return parsed;
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(JSON.stringify(parseGeneratedStream()));
