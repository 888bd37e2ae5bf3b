import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** Plumbing shared by the Redis and Postgres starters: ports, temp dirs, child processes that never outlive the run. */

/** A port the kernel just handed out on loopback. Another process could take it before the server binds; starters retry. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The first executable `name` on PATH, like `command -v`. */
export function findOnPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

/** A temp dir removed at teardown, or at process exit if teardown never runs. */
export function makeTempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  const remove = (): void => {
    process.off('exit', remove);
    rmSync(path, { recursive: true, force: true });
  };
  process.on('exit', remove);
  return { path, remove };
}

/** A started server as the global setup hands it on. */
export interface RunningService {
  url: string;
  /** stops the server and removes its files; safe to call twice */
  stop(): Promise<void>;
}

/** A user to run a server as (postgres refuses to run as root). */
export interface RunAs {
  name: string;
  uid: number;
  gid: number;
}

export interface ProcessOptions {
  name: string;
  command: string;
  args: string[];
  /** stdout and stderr go here; its tail is shown when the process fails */
  logPath: string;
  runAs?: RunAs | undefined;
  /** the child's environment; this process's by default */
  env?: NodeJS.ProcessEnv;
}

export interface ServerProcessOptions extends ProcessOptions {
  /** the signal that makes the server shut down promptly (postgres: SIGINT = fast shutdown) */
  stopSignal: NodeJS.Signals;
}

export interface ServerProcess {
  readonly name: string;
  /** resolves when the process has exited; never rejects */
  readonly exited: Promise<void>;
  /** why the process ended (`exit 1`, `SIGKILL`, a spawn error), null while it runs */
  exitReason(): string | null;
  /** the last lines of the server's log, for error messages */
  logTail(): string;
  /** asks the server to stop, kills it if it has not stopped within 10 s */
  stop(): Promise<void>;
  /** SIGKILL now, no goodbye (a crash); resolves when it has exited */
  kill(): Promise<void>;
}

const STOP_GRACE_MS = 10_000;

function spawnLogged(options: ProcessOptions): ChildProcess {
  const log = openSync(options.logPath, 'a');
  try {
    // uid/gid make Node drop root (and its supplementary groups) in the child.
    const user = options.runAs ? { uid: options.runAs.uid, gid: options.runAs.gid } : {};
    return spawn(options.command, options.args, { stdio: ['ignore', log, log], env: options.env ?? process.env, ...user });
  } finally {
    closeSync(log);
  }
}

/** Runs a command to its end (initdb); rejects with its log when it fails. */
export function runToCompletion(options: ProcessOptions): Promise<void> {
  const child = spawnLogged(options);
  return new Promise((resolve, reject) => {
    child.once('error', (error) => reject(new Error(`${options.name} could not run: ${error.message}`)));
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${options.name} failed (${signal ?? `exit ${code}`}):\n${tailOf(options.logPath)}`));
    });
  });
}

export function startServerProcess(options: ServerProcessOptions): ServerProcess {
  const child = spawnLogged(options);
  let exitReason: string | null = null;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitReason ??= signal ?? `exit ${code}`;
      resolve();
    });
    // spawn failures (ENOENT, EACCES) arrive here instead of being thrown
    child.once('error', (error) => {
      exitReason ??= error.message;
      resolve();
    });
  }).then(() => {
    process.off('exit', killNow);
  });
  // If vitest dies without running teardown, do not leave a server behind.
  function killNow(): void {
    if (exitReason === null) child.kill('SIGKILL');
  }
  process.on('exit', killNow);

  return {
    name: options.name,
    exited,
    exitReason: () => exitReason,
    logTail: () => tailOf(options.logPath),
    async stop() {
      if (exitReason !== null) return;
      child.kill(options.stopSignal);
      const timer = setTimeout(killNow, STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      killNow();
      await exited;
    },
  };
}

function tailOf(path: string, lines = 30): string {
  if (!existsSync(path)) return '(no log)';
  return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/** Polls `isReady` until it says yes; fails early with the log when the server exits, or after `timeoutMs`. */
export async function waitUntilReady(server: ServerProcess, isReady: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const exitReason = server.exitReason();
    if (exitReason !== null) throw new Error(`${server.name} stopped during startup (${exitReason}):\n${server.logTail()}`);
    if (await isReady()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${server.name} was not ready after ${timeoutMs} ms:\n${server.logTail()}`);
}

/** How to get a missing server binary. Integration suites are never skipped: a missing server fails the run. */
export function missingServer(what: string, detail: string): Error {
  const install = 'apt-get install -y redis-server postgresql';
  const hint =
    process.env.CI === 'true'
      ? `CI must provide it: .ci/run installs it with \`${install}\`.`
      : `Install it (Debian/Ubuntu: \`sudo ${install}\`) and run the tests again.`;
  return new Error(`${what} is needed by the integration tests but was not found (${detail}). ${hint}`);
}

/** Tries `start` on fresh ports, since a port probed free can be taken before the server binds it. */
export async function withPortRetries<T>(name: string, start: (port: number) => Promise<T>, attempts = 3): Promise<T> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await start(await freeLoopbackPort());
    } catch (error) {
      lastError = error;
    }
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(`${name} did not start after ${attempts} attempts: ${reason}`, { cause: lastError });
}
