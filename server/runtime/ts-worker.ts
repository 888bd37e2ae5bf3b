import { Worker, type WorkerOptions } from 'node:worker_threads';

/** tsx's API by its file: an eval worker resolves bare names from the working directory, which need not be ours */
const TSX_API = import.meta.resolve('tsx/esm/api');

/**
 * A worker thread running a TypeScript module of ours. The server runs its
 * TypeScript through tsx, and on Node 20 a worker started on a .ts file does
 * not get tsx's loader (not even with `--import tsx` in its execArgv), so the
 * worker's first act is to load the module through tsx's API. `moduleUrl`: the
 * module's file URL (`new URL('./x-worker.ts', import.meta.url)`).
 */
export function startTsWorker(moduleUrl: URL, options: Pick<WorkerOptions, 'workerData' | 'resourceLimits'> = {}): Worker {
  const loader = `import(${JSON.stringify(TSX_API)}).then(({ tsImport }) => tsImport(${JSON.stringify(moduleUrl.href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(loader, { ...options, eval: true });
}
