import { parentPort } from 'node:worker_threads';
import { AppError } from '../../../../shared/contract';
import { type ImportJob, prepareImport } from './import-prepare';

/**
 * An import worker thread: reads, checks and decodes files and writes their derived copies
 * (import-prepare.ts), off the back end's event loop, one job at a time as ImportWorkers sends them.
 */
const port = parentPort;
if (!port) throw new Error('import worker started outside a worker thread');

port.on('message', ({ jobId, job }: { jobId: number; job: ImportJob }) => {
  prepareImport(job).then(
    (prepared) => port.postMessage({ jobId, ok: true, prepared }),
    (error: unknown) => {
      const body = error instanceof AppError ? error.toBody() : { code: 'internal' as const, message: (error as Error).message ?? String(error) };
      port.postMessage({ jobId, ok: false, error: body });
    },
  );
});
