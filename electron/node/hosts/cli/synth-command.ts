import fs from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { synthesize } from '../../features/diagnosis';
import { COMPRESSOR_TYPES, type CompressorType, FIELD_DRIVES, type FieldDrive, sampleFieldSoundSpec, sampleSoundSpec, sampleVibrationSpec } from '../../features/diagnosis';
import { BACKGROUND_KINDS, type BackgroundKind, SOUND_CONDITIONS, type SoundCondition, VIBRATION_CONDITIONS, type VibrationCondition } from '../../features/diagnosis';
import { soundWav, vibrationWav } from '../../features/diagnosis';

/**
 * `signalcraft-field synth`: a WAV of a compressor's sound or a motor bearing's vibration in a
 * chosen condition, from the physics-based synthesizer; the same seed always gives the same file.
 * For demos, tests and checking the diagnosis by ear.
 */
const number = (what: string, lo: number, hi: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < lo || n > hi) throw new InvalidArgumentError(`${what} must be a number from ${lo} to ${hi}.`);
  return n;
};

interface Options {
  kind: 'sound' | 'vibration';
  condition: string;
  seconds: number;
  seed: number;
  rate?: number;
  variant: 'train' | 'heldout';
  severity?: number;
  snr?: number;
  background?: string;
  rig: 'cwru' | 'random';
  out: string;
  spec?: string;
  compressor?: CompressorType;
  drive?: FieldDrive;
  speed?: number;
  room?: boolean;
  smallMic?: boolean;
}

export function synthCommand(): Command {
  return new Command('synth')
    .description(`synthesize a recording: sound (${SOUND_CONDITIONS.join(', ')}) or vibration (${VIBRATION_CONDITIONS.join(', ')})`)
    .addOption(new Option('--kind <kind>', 'sound (compressor, microphone) or vibration (bearing, accelerometer)').choices(['sound', 'vibration']).default('sound'))
    .requiredOption('-c, --condition <condition>', 'the condition to synthesize')
    .option('-o, --out <file>', 'WAV file to write', 'synth.wav')
    .option('--seconds <s>', 'length', number('--seconds', 0.1, 3600), 10)
    .option('--seed <n>', 'seed: the same seed gives the same machine and the same samples', number('--seed', 0, 2 ** 31 - 1), 1)
    .option('--rate <hz>', 'sample rate (default 16000 for sound, 12000 for vibration; 3200 is the ESP32 accelerometer)', number('--rate', 1000, 192_000))
    .addOption(new Option('--variant <v>', 'parameter ranges: train, or the held-out ones used for evaluation').choices(['train', 'heldout']).default('heldout'))
    .option('--severity <0-1>', 'fault severity (0.1 incipient to 1 severe)', number('--severity', 0, 1))
    .option('--snr <dB>', 'sound: machine over background, dB', number('--snr', -20, 80))
    .option('--background <kinds>', `sound: comma-separated background sources besides room tone (${BACKGROUND_KINDS.filter((k) => k !== 'room').join(', ')}), or "none"`)
    .addOption(new Option('--rig <rig>', 'vibration: a CWRU-like rig (SKF 6205, ~1750-1800 rpm) or a random machine').choices(['cwru', 'random']).default('cwru'))
    .addOption(new Option('--compressor <type>', 'sound: a field machine of this type (the model was trained on reciprocating only)').choices([...COMPRESSOR_TYPES]))
    .addOption(new Option('--drive <drive>', 'sound: a field machine with this drive').choices([...FIELD_DRIVES]))
    .option('--speed <hz>', 'sound: an inverter field machine\'s running speed', number('--speed', 25, 120))
    .option('--room', 'sound: a field machine in a reverberant room')
    .option('--small-mic', 'sound: a field machine heard through a small microphone (low cut, presence peak)')
    .option('--spec <file>', 'also write the machine description (JSON) here')
    .action((opts: Options) => {
      const rate = opts.rate ? Math.round(opts.rate) : undefined;
      let spec;
      if (opts.kind === 'sound') {
        if (!(SOUND_CONDITIONS as readonly string[]).includes(opts.condition)) throw new Error(`Unknown sound condition "${opts.condition}". Choose one of: ${SOUND_CONDITIONS.join(', ')}.`);
        const backgrounds = parseBackgrounds(opts.background);
        const field = opts.compressor !== undefined || opts.drive !== undefined || opts.speed !== undefined || opts.room || opts.smallMic;
        if (opts.speed !== undefined && opts.drive !== undefined && opts.drive !== 'inverter') throw new Error('--speed sets an inverter machine\'s speed: leave out --drive or use --drive inverter.');
        spec = field
          ? sampleFieldSoundSpec(opts.seed, {
              condition: opts.condition as SoundCondition,
              ...(rate ? { sampleRate: rate } : {}),
              ...(opts.severity !== undefined ? { severity: opts.severity } : {}),
              ...(opts.snr !== undefined ? { snrDb: opts.snr } : {}),
              ...(backgrounds ? { backgrounds } : {}),
              ...(opts.compressor ? { type: opts.compressor } : {}),
              ...(opts.speed !== undefined ? { drive: 'inverter' as const, inverterHz: opts.speed } : opts.drive ? { drive: opts.drive } : {}),
              room: Boolean(opts.room),
              smallMicrophone: Boolean(opts.smallMic),
            })
          : sampleSoundSpec(opts.seed, opts.condition as SoundCondition, {
              variant: opts.variant,
              ...(rate ? { sampleRate: rate } : {}),
              ...(opts.severity !== undefined ? { severity: opts.severity } : {}),
              ...(opts.snr !== undefined ? { snrDb: opts.snr } : {}),
              ...(backgrounds ? { backgrounds } : {}),
            });
      } else {
        if (!(VIBRATION_CONDITIONS as readonly string[]).includes(opts.condition)) throw new Error(`Unknown vibration condition "${opts.condition}". Choose one of: ${VIBRATION_CONDITIONS.join(', ')}.`);
        spec = sampleVibrationSpec(opts.seed, opts.condition as VibrationCondition, {
          variant: opts.variant,
          rig: opts.rig,
          ...(rate ? { sampleRate: rate } : {}),
          ...(opts.severity !== undefined ? { severity: opts.severity } : {}),
        });
      }
      const samples = synthesize(spec, opts.seed, opts.seconds);
      const out = path.resolve(opts.out);
      fs.writeFileSync(out, spec.modality === 'sound' ? soundWav(samples, spec.sampleRate) : vibrationWav(samples, spec.sampleRate));
      if (opts.spec) fs.writeFileSync(path.resolve(opts.spec), `${JSON.stringify(spec, null, 2)}\n`);
      const speed = spec.machine.shaftHz;
      process.stdout.write(
        `Wrote ${out}: ${opts.seconds} s of ${spec.modality} at ${spec.sampleRate} Hz${spec.modality === 'sound' && spec.machine.type ? ` (a ${spec.machine.type} compressor${spec.machine.inverter ? ' on an inverter' : ''})` : ''}, condition ${spec.condition}` +
          `${spec.severity > 0 ? ` (severity ${spec.severity.toFixed(2)})` : ''}, running speed ${speed.toFixed(2)} Hz (${Math.round(speed * 60)} rpm), seed ${opts.seed}.\n`,
      );
    });
}

function parseBackgrounds(value: string | undefined): BackgroundKind[] | undefined {
  if (value === undefined) return undefined;
  if (value === 'none') return [];
  const kinds = value.split(',').map((s) => s.trim());
  const unknown = kinds.filter((k) => !(BACKGROUND_KINDS as readonly string[]).includes(k));
  if (unknown.length > 0) throw new Error(`Unknown background "${unknown[0]}". Choose from: ${BACKGROUND_KINDS.join(', ')}.`);
  return kinds as BackgroundKind[];
}
