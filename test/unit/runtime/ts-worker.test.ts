import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';

const TSX = import.meta.resolve('tsx');
const TS_WORKER = new URL('../../../server/runtime/ts-worker.ts', import.meta.url).href;
const DECODE_WORKER = new URL('../../../server/ingest/ami/decode-worker.ts', import.meta.url).href;

describe('startTsWorker', () => {
  it('runs a TypeScript worker when the server was started from another directory', () => {
    // a server started as `node --import tsx /opt/wallboard/server/start.ts` from / (a service unit, a container)
    const script = `
      const { startTsWorker } = await import(${JSON.stringify(TS_WORKER)});
      const worker = startTsWorker(new URL(${JSON.stringify(DECODE_WORKER)}), { workerData: { maxFrameBytes: undefined } });
      worker.on('error', (error) => { console.log('worker failed: ' + error.message); process.exit(1); });
      worker.on('message', (answer) => { console.log(answer.items); process.exit(0); });
      worker.postMessage({ kind: 'chunk', bytes: new Uint8Array(Buffer.from('Asterisk Call Manager/11.0.0\\r\\n')), receivedAt: 0 });
    `;
    const run = spawnSync(process.execPath, ['--import', TSX, '--input-type=module', '-e', script], { cwd: tmpdir(), encoding: 'utf8', timeout: 30_000 });
    expect(run.stdout.trim()).toBe('[{"banner":{"line":"Asterisk Call Manager/11.0.0","version":"11.0.0"}}]');
    expect(run.status).toBe(0);
  });
});
