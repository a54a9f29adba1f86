import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { AppError } from '../../../shared/contract';
import { type ImportJob, prepareImport } from './import-prepare';

/**
 * An import worker thread: reads, checks and decodes files and writes their derived copies
 * (import-prepare.ts), off the back end's event loop, one job at a time as ImportWorkers sends them.
 */
const port = parentPort;
if (!port) throw new Error('import worker started outside a worker thread');

// The lowest CPU priority, for this thread alone: on a busy machine the scheduler then runs the
// event loop that carries sensor data first, and an import takes what is left (issue 14, case 3).
// On Linux a thread has its own nice value (setpriority on "0" is the calling thread); elsewhere
// it would renice the whole back end, so it is left alone there.
if (process.platform === 'linux') {
  try {
    os.setPriority(0, 19);
  } catch {
    // not permitted: imports still run off the loop, at normal priority
  }
}

port.on('message', ({ jobId, job }: { jobId: number; job: ImportJob }) => {
  prepareImport(job).then(
    (prepared) => port.postMessage({ jobId, ok: true, prepared }),
    (error: unknown) => {
      const body = error instanceof AppError ? error.toBody() : { code: 'internal' as const, message: (error as Error).message ?? String(error) };
      port.postMessage({ jobId, ok: false, error: body });
    },
  );
});
