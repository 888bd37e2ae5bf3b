import { describe, expect, it, vi } from 'vitest';
import type { DecodedSink } from '../../../server/ingest/ami/stream-decoder';
import { WorkerStreamDecoder } from '../../../server/ingest/ami/worker-stream-decoder';

const SILENT_WORKER = new URL('../../fixtures/workers/silent-decode-worker.ts', import.meta.url);
const STALL_MS = 1_000;

function failures(): { sink: DecodedSink; failed: Error[] } {
  const failed: Error[] = [];
  const ignore = (): void => {};
  return { sink: { banner: ignore, frame: ignore, mapped: ignore, ignored: ignore, oversize: ignore, failed: (error) => failed.push(error) }, failed };
}

describe('WorkerStreamDecoder with a worker that stops answering', () => {
  it('fails (so the connection ends and is opened again) when bytes keep coming and the oldest post has no answer', async () => {
    const { sink, failed } = failures();
    const decoder = new WorkerStreamDecoder(sink, { maxFrameBytes: undefined, clock: Date.now, stallMs: STALL_MS, workerModule: SILENT_WORKER });
    decoder.push(Buffer.from('Asterisk Call Manager/11.0.0\r\n'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    decoder.push(Buffer.from('Event: FullyBooted\r\n\r\n'));
    expect(failed).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, STALL_MS + 50));
    decoder.push(Buffer.from('Event: FullyBooted\r\n\r\n'));
    expect(failed.map((error) => error.message)).toEqual([`no answer for ${STALL_MS} ms`]);
    await decoder.close();
  });

  it('gives up waiting at close, so the connection can end and reconnect', async () => {
    const { sink, failed } = failures();
    const decoder = new WorkerStreamDecoder(sink, { maxFrameBytes: undefined, clock: Date.now, stallMs: STALL_MS, workerModule: SILENT_WORKER });
    decoder.push(Buffer.from('Asterisk Call Manager/11.0.0\r\n'));
    await decoder.close();
    await vi.waitFor(() => expect(failed.map((error) => error.message)).toEqual([`no answer for ${STALL_MS} ms after the connection closed`]));
  });
});
