import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../runtime/ts-worker';
import type { HistoryFact } from '../history/history-facts';
import type { DaySimulationConfig } from './simulate-day';

export interface DaySimulator {
  /** days simulated at once: ask no more than this many ahead */
  readonly threads: number;
  /** the day's facts (simulate-day.ts) */
  simulate(day: string): Promise<HistoryFact[]>;
  /** ends the threads, and the simulations under way with them */
  close(): Promise<void>;
}

type Answer = { day: string; facts: HistoryFact[] } | { day: string; error: string };

interface Thread {
  worker: Worker;
  pending: { day: string; resolve: (facts: HistoryFact[]) => void; reject: (error: Error) => void } | null;
}

const WORKER = new URL('./simulate-day-worker.ts', import.meta.url);

/**
 * One thread per core beyond the first (which the server and Postgres keep),
 * at most three: a day takes about half a second of CPU, and Postgres writes a
 * day in about as long, so more threads would only wait for it.
 */
export function simulationThreads(cores = availableParallelism()): number {
  return Math.max(1, Math.min(3, cores - 1));
}

/**
 * Day simulations on worker threads: the demo's seeding is CPU work, and on
 * the server's own thread it would slow the live board (which replays today
 * at the same time) and be slowed by it. The workers load the TypeScript
 * source through tsx, as the server itself runs.
 */
export function startDaySimulator(config: DaySimulationConfig, threads = simulationThreads()): DaySimulator {
  const pool: Thread[] = Array.from({ length: threads }, () => {
    const thread: Thread = { worker: startTsWorker(WORKER, { workerData: config }), pending: null };
    const fail = (error: Error): void => {
      thread.pending?.reject(error);
      thread.pending = null;
    };
    thread.worker.on('message', (answer: Answer) => {
      const pending = thread.pending;
      if (pending?.day !== answer.day) return;
      thread.pending = null;
      if ('error' in answer) pending.reject(new Error(`simulating ${answer.day} failed: ${answer.error}`));
      else pending.resolve(answer.facts);
    });
    thread.worker.on('error', fail);
    thread.worker.on('exit', (code) => fail(new Error(`a day simulator thread ended (${code})`)));
    return thread;
  });
  return {
    threads,
    simulate(day) {
      const thread = pool.find((t) => t.pending === null);
      if (!thread) return Promise.reject(new Error(`more than ${threads} days asked at once`));
      return new Promise((resolve, reject) => {
        thread.pending = { day, resolve, reject };
        thread.worker.postMessage(day);
      });
    },
    async close() {
      await Promise.all(pool.map((thread) => thread.worker.terminate()));
    },
  };
}
