import { parentPort } from 'node:worker_threads';
import { AppError } from '../../../../../shared/contract';
import { readSignalFile } from '../../../platform/audio/signal-file';
import { modelInfo } from '../model/info';
import { loadModelSet, type ModelSet } from '../model/loader';
import { analyze, type ProgressStage, unavailableDiagnosis } from './analyze';
import type { FromWorker, ToWorker } from './protocol';
import { unavailable } from './reasons';
import { channelToAnalyse, inferKind } from './signal-input';

/**
 * A diagnosis worker thread: loads and self-checks the models once, then reads files and analyses
 * signals as asked, one at a time, reporting progress. Everything heavy (decoding, resampling,
 * FFTs, onnxruntime) happens here, off the back end's event loop.
 */
const port = parentPort;
if (!port) throw new Error('diagnosis worker started outside a worker thread');

let models: Promise<ModelSet> | null = null;
const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

port.on('message', (message: ToWorker) => {
  if (message.type === 'init') {
    models = loadModelSet(message.modelDirs);
    void models.then((set) => post({ type: 'ready', info: modelInfo(set) }));
    return;
  }
  void run(message).catch((error: unknown) => {
    const body = error instanceof AppError ? error.toBody() : { code: 'internal' as const, message: (error as Error).message ?? String(error) };
    post({ type: 'error', jobId: message.jobId, error: body });
  });
});

async function run(job: Exclude<ToWorker, { type: 'init' }>): Promise<void> {
  if (!models) throw new Error('worker not initialised');
  const set = await models;
  // Long files give hundreds of windows: report a new stage, or each 2 % more, not every window.
  let last = { stage: '', fraction: -1 };
  const onProgress = (stage: ProgressStage, fraction: number) => {
    if (stage === last.stage && fraction - last.fraction < 0.02) return;
    last = { stage, fraction };
    post({ type: 'progress', jobId: job.jobId, stage, fraction });
  };
  if (job.type === 'samples') {
    const diagnosis = await analyze(
      { signal: { modality: job.modality, sampleRate: job.sampleRate, samples: job.samples }, channels: job.channels, source: job.source, machine: job.machine },
      { models: set, onProgress },
    );
    post({ type: 'result', jobId: job.jobId, diagnosis });
    return;
  }
  onProgress('reading', 0);
  const started = performance.now();
  const file = await readSignalFile(job.path, job.csvSampleRate ? { csvSampleRate: job.csvSampleRate } : {});
  const readMs = performance.now() - started;
  const source = { kind: 'file' as const, name: file.name, format: file.format };
  if (file.format === 'csv' && file.csv.kind === 'readings') {
    const modality = job.modality ?? 'vibration';
    const reason = unavailable('unsupported_signal', `${file.name} holds slow readings (${file.csv.columns.join(', ')}), not a sound or vibration waveform: there is nothing to diagnose in it.`);
    post({ type: 'result', jobId: job.jobId, diagnosis: unavailableDiagnosis({ source, modality, reason, readMs }) });
    return;
  }
  const kind = job.modality ? { modality: job.modality, inferred: null } : inferKind(file);
  const modality = kind.modality;
  const channels = file.format === 'csv' ? (file.csv.kind === 'vibration' ? file.csv.channels : []) : file.audio.channels;
  const sampleRate = file.format === 'csv' ? (file.csv.kind === 'vibration' ? file.csv.sampleRate : 0) : file.audio.sampleRate;
  const diagnosis = await analyze(
    { signal: { modality, sampleRate, samples: channelToAnalyse(channels, modality) }, channels: channels.length, source, machine: job.machine, readMs, ...(kind.inferred ? { kindInferred: kind.inferred } : {}) },
    { models: set, onProgress },
  );
  post({ type: 'result', jobId: job.jobId, diagnosis });
}
