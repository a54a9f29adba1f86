import os from 'node:os';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { quietOnnxRuntime } from '../../electron/node/features/diagnosis/model/ort-env';

// Before any onnxruntime session in this process (see ort-env.ts).
quietOnnxRuntime();

/**
 * The tools' worker threads: each tool is bundled into one file that is both the main program and
 * its workers. A worker receives a list of jobs, answers each one, then says it is done.
 */
export function serveJobs<J, R>(handle: (job: J) => Promise<R>): boolean {
  if (isMainThread || !parentPort) return false;
  const port = parentPort;
  port.on('message', (jobs: J[]) => {
    void (async () => {
      for (const job of jobs) port.postMessage({ result: await handle(job) });
      port.postMessage({ done: true });
    })();
  });
  return true;
}

/**
 * Runs `jobs` on one worker per core (interleaved, so slow and fast jobs spread evenly), or on
 * SIGNALCRAFT_TOOL_WORKERS of them: on a machine shared with others, one is polite.
 */
export async function runOnWorkers<J, R>(entry: string | URL, jobs: readonly J[], onResult: (result: R) => void): Promise<void> {
  const cap = Number(process.env.SIGNALCRAFT_TOOL_WORKERS) || os.availableParallelism();
  const count = Math.max(1, Math.min(cap, os.availableParallelism(), jobs.length));
  const slices = Array.from({ length: count }, (_, w) => jobs.filter((_, i) => i % count === w));
  await Promise.all(
    slices.map(
      (slice) =>
        new Promise<void>((resolve, reject) => {
          if (slice.length === 0) return resolve();
          const worker = new Worker(entry);
          worker.on('message', (m: { result: R } | { done: true }) => {
            if ('done' in m) {
              void worker.terminate();
              resolve();
            } else onResult(m.result);
          });
          worker.on('error', reject);
          worker.postMessage(slice);
        }),
    ),
  );
}
