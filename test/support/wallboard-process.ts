import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freeLoopbackPort, makeTempDir, startServerProcess, waitUntilReady, type ServerProcess } from './server-process';

/** The wallboard as `npm start` runs it (server/start.ts), as a child process with its own environment. */
export interface WallboardProcess {
  url: string;
  server: ServerProcess;
  /** everything the process wrote to stdout and stderr so far */
  output(): string;
  stop(): Promise<void>;
}

/** Starts server/start.ts on a free loopback port with `env` added; resolves once it answers HTTP. */
export async function startWallboardProcess(env: Record<string, string>): Promise<WallboardProcess> {
  const port = await freeLoopbackPort();
  const dir = makeTempDir('wb-test-wallboard-');
  const logPath = join(dir.path, 'wallboard.log');
  const server = startServerProcess({
    name: 'wallboard',
    command: resolve('node_modules/.bin/tsx'),
    args: ['server/start.ts'],
    logPath,
    stopSignal: 'SIGTERM',
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir.path, ...env },
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await server.stop();
    dir.remove();
  };
  try {
    await waitUntilReady(server, () => fetch(`${url}/metrics`).then((r) => r.ok, () => false));
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, server, output: () => readFileSync(logPath, 'utf8'), stop };
}
