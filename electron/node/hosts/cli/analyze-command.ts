import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { canonicalDesignation, suggestBearings } from '../../../../shared/bearings/catalogue';
import { type AnalyzeFileParams, type Diagnosis, estimatedRpm } from '../../../../shared/contract';
import { createBackend } from '../backend';
import { createLogger } from '../../platform/logging/log';
import { resolveDataDir } from '../../platform/paths';
import { formatDiagnosis, type Lang, localeLang } from './format-diagnosis';
import { cliErrorText } from './cli-errors';
import { DATA_DIR_HELP } from './options';

/**
 * `signalcraft-field analyze <file...>`: diagnoses WAV/CSV recordings with the bundled model, a
 * readable report per file (or JSON for scripts). A bad file gets its own error; the others are
 * still analysed. Exit code 1 when any file could not be analysed at all.
 */
export function parseBearing(value: string): NonNullable<NonNullable<AnalyzeFileParams['machine']>['bearing']> {
  const m = /^(\d+):([0-9.]+)(?::([0-9.]+))?$/.exec(value);
  if (m) return { balls: Number(m[1]), ballRatio: Number(m[2]), contactDeg: m[3] ? Number(m[3]) : 0 };
  const designation = canonicalDesignation(value);
  if (designation) return { designation };
  const nearest = suggestBearings(value);
  throw new InvalidArgumentError(
    `"${value}" is not in the bearing catalogue${nearest.length > 0 ? ` (nearest: ${nearest.join(', ')})` : ''}. Use a designation such as 6205-2RS or NU306, or the geometry as balls:ballRatio[:contactDeg], e.g. 9:0.2034.`,
  );
}

const poleCount = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 2 || n > 24 || n % 2 !== 0) throw new InvalidArgumentError('--poles must be an even whole number from 2 to 24 (a 2-pole motor runs near 3000 rpm on 50 Hz).');
  return n;
};

const positive = (what: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${what} must be a positive number.`);
  return n;
};

interface Options {
  json: boolean;
  kind?: 'sound' | 'vibration';
  rpm?: number;
  poles?: number;
  mains?: '50' | '60';
  bearing?: ReturnType<typeof parseBearing>;
  csvRate?: number;
  lang?: Lang;
  /** False with --no-details: the plain sentences without the numbers behind them. */
  details: boolean;
  dataDir?: string;
}

/** Synchronous speed less typical slip, said on stderr as the estimate it is. */
function speedFromPoles(opts: Options): number | undefined {
  if (opts.poles === undefined || opts.mains === undefined) return undefined;
  const rpm = estimatedRpm(opts.poles, Number(opts.mains) as 50 | 60);
  process.stderr.write(`Running speed estimated from ${opts.poles} poles on ${opts.mains} Hz: about ${rpm} rpm (synchronous speed less typical slip). The speed measured in the recording is used if it differs by more than 10 %.\n`);
  return rpm;
}

export function analyzeCommand(): Command {
  return new Command('analyze')
    .description('diagnose WAV or CSV recordings of compressors and motors (sound or vibration)')
    .argument('<file...>', 'recordings to analyse')
    .option('--json', 'print the diagnoses as JSON (an array, one entry per file)', false)
    .addOption(new Option('--kind <kind>', 'what the files hold (default: inferred: CSV and float WAV at non-audio rates are vibration)').choices(['sound', 'vibration']))
    .option('--rpm <rpm>', 'running speed from the nameplate or a tachometer', positive('--rpm'))
    .option('--poles <n>', 'motor poles (with --mains, the speed is estimated when --rpm is not given)', poleCount)
    .addOption(new Option('--mains <hz>', 'mains frequency, with --poles').choices(['50', '60']))
    .option('--bearing <bearing>', 'rolling bearing: a designation (6205-2RS, 6308, NU306), or balls:ballRatio[:contactDeg]', parseBearing)
    .option('--csv-rate <hz>', 'sample rate of CSV waveforms that have no time column', positive('--csv-rate'))
    .addOption(new Option('--lang <lang>', 'language of the report (default: from LC_ALL / LANG, else English)').choices(['en', 'ko']))
    .option('--no-details', 'leave out the measured numbers printed under each sentence')
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .action(async (files: string[], opts: Options) => {
      if ((opts.poles === undefined) !== (opts.mains === undefined) && opts.rpm === undefined) {
        process.stderr.write('--poles and --mains go together (or give --rpm): the speed is estimated from both.\n');
        process.exitCode = 2;
        return;
      }
      const rpm = opts.rpm ?? speedFromPoles(opts);
      const log = createLogger({ level: 'warn' });
      const lang = opts.lang ?? localeLang();
      const backend = createBackend({ dataDir: resolveDataDir({ flag: opts.dataDir }), runtime: 'cli', log });
      let failed = 0;
      const results: ({ file: string; ok: true; diagnosis: Diagnosis } | { file: string; ok: false; error: { code: string; message: string } })[] = [];
      try {
        const machine = { ...(rpm ? { rpm } : {}), ...(opts.bearing ? { bearing: opts.bearing } : {}) };
        // Submitted together: the worker pool analyses them in parallel, answers come back in order.
        const outcomes = await Promise.all(
          files.map((file) => {
            const params: AnalyzeFileParams = {
              path: path.resolve(file),
              ...(opts.kind ? { modality: opts.kind } : {}),
              ...(opts.csvRate ? { csvSampleRate: Math.round(opts.csvRate) } : {}),
              ...(Object.keys(machine).length > 0 ? { machine } : {}),
            };
            return backend.dispatcher.dispatch('diagnosis.analyzeFile', params, { transport: 'cli' });
          }),
        );
        outcomes.forEach((outcome, i) => {
          const file = files[i]!;
          if (outcome.ok) {
            const diagnosis = outcome.result as Diagnosis;
            results.push({ file, ok: true, diagnosis });
            if (!opts.json) process.stdout.write(`${formatDiagnosis(file, diagnosis, lang, { details: opts.details })}\n`);
          } else {
            failed += 1;
            results.push({ file, ok: false, error: { code: outcome.error.code, message: outcome.error.message } });
            if (!opts.json) process.stderr.write(`${file}: ${cliErrorText(outcome.error, lang)}\n\n`);
          }
        });
        if (opts.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
      } finally {
        await backend.close();
      }
      process.exitCode = failed > 0 ? 1 : 0;
    });
}
