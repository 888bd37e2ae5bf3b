import { setPriority } from 'node:os';
import { spawn, type ChildProcess } from 'node:child_process';
import { z } from 'zod';

/**
 * Request/answer over Node's IPC channel between the bench and the processes it
 * starts (the wallboard server, the board clients). Each side of a measurement
 * gets its own process and event loop, so the server's loop lag is not the
 * bench's and the clients' JSON parsing is not counted as server time.
 */

const requestSchema = z.object({ id: z.number().int(), command: z.string(), args: z.unknown() });
const answerSchema = z.discriminatedUnion('ok', [
  z.object({ id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ id: z.number().int(), ok: z.literal(false), error: z.string() }),
]);
type Answer = z.infer<typeof answerSchema>;

const STOP_GRACE_MS = 10_000;

/** The bench's handle on a child process running `serveCommands`. */
export class ChildProcessRpc {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (answer: Answer) => void }>();
  private readonly exited: Promise<string>;

  private constructor(
    private readonly name: string,
    private readonly child: ChildProcess,
  ) {
    const killNow = (): void => void child.kill('SIGKILL');
    process.on('exit', killNow);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        process.off('exit', killNow);
        const reason = signal ?? `exit ${code}`;
        for (const waiter of this.pending.values()) waiter.resolve({ id: 0, ok: false, error: `${name} ended (${reason})` });
        this.pending.clear();
        resolve(reason);
      });
    });
    child.on('message', (raw) => {
      const answer = answerSchema.safeParse(raw);
      if (!answer.success) return;
      this.pending.get(answer.data.id)?.resolve(answer.data);
      this.pending.delete(answer.data.id);
    });
  }

  /**
   * Runs `entry` (a TypeScript module calling serveCommands) under tsx. With
   * BENCH_CPU_PROF=dir set, the child writes V8 CPU profiles (one per thread:
   * the main one is the largest) into dir/<name> on exit. `niceness` (0 to 19)
   * lowers the child's CPU priority.
   */
  static spawn(name: string, entry: string, niceness = 0): ChildProcessRpc {
    const profileDir = process.env.BENCH_CPU_PROF;
    const profile = profileDir ? ['--cpu-prof', '--cpu-prof-dir', `${profileDir}/${name}`] : [];
    const child = spawn(process.execPath, [...profile, '--import', 'tsx', entry], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    if (niceness !== 0 && child.pid !== undefined) setPriority(child.pid, niceness);
    return new ChildProcessRpc(name, child);
  }

  async call<T>(command: string, args: unknown, resultSchema: z.ZodType<T>, timeoutMs = 60_000): Promise<T> {
    const id = this.nextId++;
    const answer = await new Promise<Answer>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ id, ok: false, error: `no answer within ${timeoutMs} ms` });
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
      });
      if (!this.child.connected) resolve({ id, ok: false, error: 'not running' });
      else this.child.send({ id, command, args });
    });
    if (!answer.ok) throw new Error(`${this.name} ${command}: ${answer.error}`);
    return resultSchema.parse(answer.result);
  }

  /** Asks the child to shut down (its `stop` command), kills it if it has not exited within 10 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    await this.call('stop', null, z.unknown(), STOP_GRACE_MS).catch(() => this.child.kill('SIGKILL'));
    await this.exited;
    clearTimeout(timer);
  }
}

export type CommandHandlers = Record<string, (args: unknown) => unknown>;

/**
 * The child's side: answers each request with its handler's result. The
 * `stop` handler should release what the child holds; the process exits after
 * it answers, and also when the bench goes away.
 */
export function serveCommands(handlers: CommandHandlers): void {
  process.on('disconnect', () => process.exit(0));
  process.on('message', async (raw) => {
    const request = requestSchema.safeParse(raw);
    if (!request.success) return;
    const { id, command, args } = request.data;
    const handler = handlers[command];
    try {
      if (!handler) throw new Error(`unknown command ${command}`);
      const result = await handler(args);
      process.send?.({ id, ok: true, result: result ?? null });
    } catch (error) {
      process.send?.({ id, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
    if (command === 'stop') process.disconnect();
  });
}
