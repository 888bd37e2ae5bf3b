import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import {
  makeTempDir,
  missingServer,
  runToCompletion,
  startServerProcess,
  waitUntilReady,
  withPortRetries,
  type RunAs,
  type RunningService,
} from './server-process';

const SUPERUSER = 'wallboard';
const DATABASE = 'wallboard';

/**
 * A throwaway Postgres cluster: initdb into a temp dir, `postgres` on a loopback
 * port with its unix socket in the same dir, trust auth, durability off (the
 * data dies with the run). Postgres refuses to run as root, so under root it
 * runs as the `postgres` user of Debian's package, or `nobody`.
 */
export async function startPostgres(): Promise<RunningService> {
  const bin = findPostgresBin();
  const runAs = unprivilegedUser();
  const dir = makeTempDir('wb-test-pg-');
  const dataDir = join(dir.path, 'data');
  const socketDir = join(dir.path, 'sockets');
  mkdirSync(socketDir);
  if (runAs) {
    chownSync(dir.path, runAs.uid, runAs.gid);
    chownSync(socketDir, runAs.uid, runAs.gid);
  }
  const logPath = join(dir.path, 'postgres.log');
  try {
    await runToCompletion({
      name: 'initdb',
      command: join(bin, 'initdb'),
      args: ['-D', dataDir, `--username=${SUPERUSER}`, '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync'],
      logPath: join(dir.path, 'initdb.log'),
      runAs,
    });
    return await withPortRetries('postgres', async (port) => {
      const server = startServerProcess({
        name: 'postgres',
        command: join(bin, 'postgres'),
        args: [
          ...['-D', dataDir, '-h', '127.0.0.1', '-p', String(port), '-k', socketDir],
          ...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
          ...['-c', 'max_connections=200'],
        ],
        logPath,
        runAs,
        // SIGINT is postgres' fast shutdown; SIGTERM would wait for every client to leave.
        stopSignal: 'SIGINT',
      });
      const adminUrl = `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`;
      try {
        await waitUntilReady(server, () => canConnect(adminUrl));
        await runSql(adminUrl, `CREATE DATABASE ${DATABASE}`);
      } catch (error) {
        await server.stop();
        throw error;
      }
      return {
        url: `postgres://${SUPERUSER}@127.0.0.1:${port}/${DATABASE}`,
        async stop() {
          await server.stop();
          dir.remove();
        },
      };
    });
  } catch (error) {
    dir.remove();
    throw error;
  }
}

/** PG_BIN, else `pg_config --bindir`, else the newest /usr/lib/postgresql/<version>/bin (Debian keeps the server off PATH). */
function findPostgresBin(): string {
  const hasServer = (dir: string): boolean => existsSync(join(dir, 'postgres')) && existsSync(join(dir, 'initdb'));
  const fromEnv = process.env.PG_BIN;
  if (fromEnv) {
    if (hasServer(fromEnv)) return fromEnv;
    throw missingServer('postgres', `PG_BIN=${fromEnv} holds no postgres and initdb`);
  }
  const candidates: string[] = [];
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    // no pg_config: libpq-dev is not installed, which is fine
  }
  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot).sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
    candidates.push(...versions.map((version) => join(debianRoot, version, 'bin')));
  }
  const found = candidates.find(hasServer);
  if (!found) throw missingServer('postgres', `no postgres and initdb in ${candidates.join(', ') || 'pg_config --bindir or /usr/lib/postgresql/*/bin'}`);
  return found;
}

function unprivilegedUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    try {
      const id = (flag: string): number => Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      return { name, uid: id('-u'), gid: id('-g') };
    } catch {
      // no such user, try the next
    }
  }
  throw new Error('running as root, and neither a postgres nor a nobody user exists to run postgres as');
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function runSql(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
