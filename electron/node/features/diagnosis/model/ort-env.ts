import { isMainThread } from 'node:worker_threads';

/**
 * onnxruntime-node 1.30 starts Microsoft's 1DS telemetry on Linux when the first session of a
 * process is created: it leaves an empty `mat-debug-<pid>.log` in the temp folder of every process
 * that loads a model (about 220 after one evaluation run) and would upload usage events to
 * Microsoft's collector if it found a CA bundle. A field app must do neither. onnxruntime reads
 * ORT_DISABLE_TELEMETRY from the real process environment, which only the main thread can set
 * (a worker's `process.env` is a private copy): so every main thread that may load a model, or
 * start workers that do, calls this first.
 */
export function quietOnnxRuntime(): void {
  if (isMainThread) process.env.ORT_DISABLE_TELEMETRY = '1';
}
