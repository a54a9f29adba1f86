/*
 * Over 400 lines: the evaluation is one report, and its sets (held-out synthetic, robustness,
 * false alarms, out of distribution, CWRU by load) are written in the order REPORT.md reads.
 * A tool, not runtime: it belongs in a tools tree outside electron/node (issue 12).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SKF_6205 } from '../../electron/node/features/diagnosis/extraction/bearings';
import { Manifest } from '../../electron/node/features/diagnosis/model/manifest';
import { Rng } from '../../electron/node/features/diagnosis/synth/random';
import { sampleFieldSoundSpec } from '../../electron/node/features/diagnosis/synth/field';
import { sampleSoundSpec, sampleVibrationSpec } from '../../electron/node/features/diagnosis/synth/sample';
import { type BackgroundKind, SOUND_CONDITIONS, VIBRATION_CONDITIONS } from '../../electron/node/features/diagnosis/synth/spec';
import { type AnalysisJob, type AnalysisResult, runAnalyses, serveAnalysesAsWorker } from './analyses';
import { cwruFiles, cwruLoad, findCwruDir, SEEDS, type SoundRecipe, type VibrationRecipe } from './recipes';

/**
 * `npm run models:eval`: evaluates the installed models through the app's own pipeline and writes
 * models/REPORT.md (and models/training/out/eval.json).
 *
 *   node evaluate.mjs <models-dir> <cwru-folds-dir> [--quick]
 */
interface Tagged {
  job: AnalysisJob;
  group: string;
  truth: string;
  extra?: Record<string, string | number>;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const quick = process.argv.includes('--quick');
  const modelsDir = path.resolve(args[0] ?? 'models');
  const foldsDir = path.resolve(args[1] ?? 'models/training/out/folds');
  const manifest = Manifest.parse(JSON.parse(fs.readFileSync(path.join(modelsDir, 'manifest.json'), 'utf8')));
  const n = (full: number) => (quick ? Math.max(2, Math.round(full / 5)) : full);
  const tagged: Tagged[] = [];
  let nextId = 0;
  const add = (group: string, truth: string, job: Omit<AnalysisJob, 'id' | 'modelDir'> & { modelDir?: string }, extra?: Tagged['extra']) => {
    tagged.push({ group, truth, job: { id: nextId++, modelDir: job.modelDir ?? modelsDir, ...job }, ...(extra ? { extra } : {}) });
  };
  const sound = (seed: number, condition: (typeof SOUND_CONDITIONS)[number], seconds: number, options: SoundRecipe['options'], clipAt?: number): SoundRecipe => ({
    kind: 'sound',
    seed,
    condition,
    seconds,
    options,
    ...(clipAt !== undefined ? { clipAt } : {}),
  });

  // 1. Held-out synthetic sound: other seeds, other parameter ranges.
  SOUND_CONDITIONS.forEach((c, ci) => {
    for (let i = 0; i < n(50); i += 1) add('sound-heldout', c, { recipe: sound(SEEDS.heldout + ci * 10_000 + i, c, 10, { variant: 'heldout' }), machine: {} });
  });

  // 2. Robustness: one factor at a time, the rest drawn as usual.
  const robust = (group: string, value: string | number, options: Partial<SoundRecipe['options']>, clipAt?: number) => {
    SOUND_CONDITIONS.forEach((c, ci) => {
      for (let i = 0; i < n(10); i += 1) {
        const seed = SEEDS.robustness + tagged.length * 7 + ci * 1000 + i;
        const backgrounds: BackgroundKind[] = [new Rng(seed).pick(['fan', 'traffic', 'voices', 'cicadas', 'other_machine'] as const)];
        add(`robust-${group}`, c, { recipe: sound(seed, c, 8, { variant: 'heldout', backgrounds, ...options }, clipAt), machine: {} }, { value });
      }
    });
  };
  for (const snr of [0, 5, 10, 20]) robust('snr', snr, { snrDb: snr });
  for (const gain of [-50, -35, -20, -8]) robust('gain', gain, { rmsDbfs: gain });
  for (const clip of [1, 0.5, 0.25]) robust('clipping', clip, {}, clip);
  for (const rate of [8000, 22_050, 44_100, 48_000]) robust('rate', rate, { sampleRate: rate });

  // 3. Healthy machines among site noise: how often does the app cry wolf?
  const kinds: (BackgroundKind[] | 'mixed')[] = [['fan'], ['traffic'], ['voices'], ['cicadas'], ['other_machine'], 'mixed'];
  kinds.forEach((k, ki) => {
    for (let i = 0; i < n(25); i += 1) {
      const seed = SEEDS.falseAlarm + ki * 1000 + i;
      const snr = new Rng(seed).range(0, 10);
      const backgrounds = k === 'mixed' ? (['fan', 'voices', 'cicadas'] as BackgroundKind[]) : k;
      add('false-alarm', 'normal', { recipe: sound(seed, 'normal', 10, { variant: 'heldout', backgrounds, snrDb: snr }), machine: {} }, { background: k === 'mixed' ? 'fan+voices+cicadas' : k[0]! });
    }
  });

  // 4. Recordings unlike any compressor: background only, white noise, a 4-pole machine.
  for (let i = 0; i < n(30); i += 1) {
    const seed = SEEDS.falseAlarm + 50_000 + i;
    add('ood', 'background only', { recipe: sound(seed, 'normal', 10, { variant: 'heldout', snrDb: -40, backgrounds: ['fan', 'voices', 'cicadas', 'traffic'] }), machine: {} }, { kind: 'background only (no compressor)' });
  }
  for (let i = 0; i < n(10); i += 1) add('ood', 'white noise', { whiteNoise: { seconds: 10, seed: i + 1 }, machine: {} }, { kind: 'white noise' });
  for (let i = 0; i < n(20); i += 1) {
    const seed = SEEDS.falseAlarm + 60_000 + i;
    const spec = sampleSoundSpec(seed, 'normal', { variant: 'heldout' });
    spec.machine.shaftHz = new Rng(seed).range(24, 29.5);
    add('ood', '4-pole machine', { spec: { spec, seed, seconds: 10 }, machine: {} }, { kind: '4-pole machine at 24-29.5 Hz' });
  }

  // 4b. Healthy machines as the field has them and the model never heard (synth/field.ts).
  for (let i = 0; i < n(120); i += 1) {
    const seed = SEEDS.falseAlarm + 70_000 + i;
    const spec = sampleFieldSoundSpec(seed, { sampleRate: i % 5 === 4 ? 48_000 : 16_000 });
    const drive = spec.machine.inverter ? 'inverter' : spec.machine.shaftHz < 40 ? 'fixed 4-pole' : 'fixed 2-pole';
    add('field', 'normal', { spec: { spec, seed, seconds: 10 }, machine: {} }, { type: spec.machine.type ?? 'reciprocating', drive });
  }

  // 5. Synthetic vibration, held-out ranges, both bandwidths.
  for (const rate of [12_000, 3200]) {
    VIBRATION_CONDITIONS.forEach((c, ci) => {
      for (let i = 0; i < n(40); i += 1) {
        const seed = SEEDS.heldout + 500_000 + ci * 10_000 + i;
        const recipe: VibrationRecipe = { kind: 'vibration', seed, condition: c, seconds: 6, options: { variant: 'heldout', sampleRate: rate, rig: i % 2 === 0 ? 'cwru' : 'random' } };
        const spec = { bearing: recipe.options.rig === 'cwru' ? SKF_6205 : undefined };
        add(`vib-heldout-${rate}`, c, { recipe, machine: spec.bearing ? { bearing: spec.bearing } : {} });
      }
    });
  }
  // Random-rig recordings need their own bearing: given, as a technician would.
  for (const t of tagged) {
    const r = t.job.recipe;
    if (r?.kind === 'vibration' && r.options.rig === 'random') {
      t.job.machine = { bearing: sampleVibrationSpec(r.seed, r.condition, r.options).machine.bearing };
    }
  }

  // 6. CWRU, leave one motor load out, whole recordings through fold models.
  const cwruDir = findCwruDir();
  const folds = fs.existsSync(foldsDir);
  if (cwruDir && folds) {
    for (const bandwidth of ['wideband', 'narrowband'] as const) {
      for (const file of cwruFiles(cwruDir)) {
        const load = cwruLoad(file.rpm);
        const modelDir = path.join(foldsDir, bandwidth, `load${load}`);
        for (const speed of ['given', 'estimated'] as const) {
          add(
            `cwru-${bandwidth}-${speed}`,
            file.condition,
            {
              modelDir,
              recipe: { kind: 'cwru', file: file.file, condition: file.condition, rpm: file.rpm, from: 0, to: file.seconds, ...(bandwidth === 'narrowband' ? { rate: 3200 } : {}) },
              machine: { bearing: SKF_6205, ...(speed === 'given' ? { speedHz: file.rpm / 60 } : {}) },
            },
            { load, file: file.file, fault: file.fault, diameter: file.diameterMil },
          );
        }
      }
    }
  }

  const outDir = path.join(modelsDir, 'training', 'out');
  fs.mkdirSync(outDir, { recursive: true });
  const rawFile = path.join(outDir, 'eval-raw.json');
  const started = Date.now();
  if (process.argv.includes('--report-only')) {
    // Re-render the report from the last run's raw results (for editing the report itself).
    const raw = JSON.parse(fs.readFileSync(rawFile, 'utf8')) as { rows: Row[]; seconds: number };
    const report = writeReport({ rows: raw.rows, manifest, modelsDir, quick, seconds: raw.seconds, cwru: Boolean(cwruDir && folds), foldsDir });
    writeReportFile(modelsDir, report.markdown);
    return;
  }
  let last = 0;
  const results = await runAnalyses(new URL(import.meta.url), tagged.map((t) => t.job), (done, total) => {
    if (Date.now() - last > 10_000 || done === total) {
      last = Date.now();
      process.stdout.write(`  analysed ${done}/${total}\n`);
    }
  });
  const errors = [...results.values()].filter((r) => r.error);
  if (errors.length > 0) throw new Error(`${errors.length} analyses failed; first: ${errors[0]!.error}`);
  const rows = tagged.map((t) => ({ ...t, result: results.get(t.job.id)! }));
  const seconds = (Date.now() - started) / 1000;
  fs.writeFileSync(rawFile, JSON.stringify({ rows, seconds }));
  const report = writeReport({ rows, manifest, modelsDir, quick, seconds, cwru: Boolean(cwruDir && folds), foldsDir });
  writeReportFile(modelsDir, report.markdown);
  fs.writeFileSync(path.join(outDir, 'eval.json'), `${JSON.stringify(report.data, null, 2)}\n`);
  process.stdout.write(`wrote ${path.join(modelsDir, 'REPORT.md')}\n`);
}

type Row = Tagged & { result: AnalysisResult };

// ---------------------------------------------------------------- metrics

function confusion(rows: Row[], classes: readonly string[]): number[][] {
  const m = classes.map(() => classes.map(() => 0));
  for (const r of rows) {
    const t = classes.indexOf(r.truth);
    const p = classes.indexOf(r.result.condition ?? '');
    if (t >= 0 && p >= 0) m[t]![p]! += 1;
  }
  return m;
}

function perClass(m: number[][]): { precision: number; recall: number; f1: number; support: number }[] {
  return m.map((row, i) => {
    const tp = row[i]!;
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = m.reduce((a, r) => a + r[i]!, 0);
    const precision = predicted > 0 ? tp / predicted : 0;
    const recall = support > 0 ? tp / support : 0;
    return { precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0, support };
  });
}

const correct = (r: Row) => r.result.condition === r.truth;
const accuracy = (rows: Row[]) => (rows.length ? rows.filter(correct).length / rows.length : 0);
const share = (rows: Row[], f: (r: Row) => boolean) => (rows.length ? rows.filter(f).length / rows.length : 0);
const diagnosed = (r: Row) => r.result.status === 'diagnosed';

function ece(rows: Row[], bins = 10): { ece: number; table: { lo: number; hi: number; n: number; confidence: number; accuracy: number }[] } {
  const table: { lo: number; hi: number; n: number; confidence: number; accuracy: number }[] = [];
  let total = 0;
  for (let b = 0; b < bins; b += 1) {
    const lo = b / bins;
    const hi = (b + 1) / bins;
    const inBin = rows.filter((r) => (r.result.confidence ?? 0) > lo && (r.result.confidence ?? 0) <= hi);
    if (inBin.length === 0) continue;
    const conf = inBin.reduce((s, r) => s + (r.result.confidence ?? 0), 0) / inBin.length;
    const acc = accuracy(inBin);
    total += (inBin.length / rows.length) * Math.abs(conf - acc);
    table.push({ lo, hi, n: inBin.length, confidence: conf, accuracy: acc });
  }
  return { ece: total, table };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : 0;
}

// ---------------------------------------------------------------- report

const pct = (v: number, digits = 0) => `${(v * 100).toFixed(digits)} %`;
const table = (head: string[], body: (string | number)[][]) =>
  [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');

function confusionTable(rows: Row[], classes: readonly string[]): string {
  const m = confusion(rows, classes);
  return table(['true \\ predicted', ...classes], m.map((row, i) => [`**${classes[i]}**`, ...row]));
}

function classTable(rows: Row[], classes: readonly string[]): string {
  const stats = perClass(confusion(rows, classes));
  return table(
    ['condition', 'precision', 'recall', 'F1', 'clips', 'uncertain', 'accuracy when diagnosed'],
    classes.map((c, i) => {
      const of = rows.filter((r) => r.truth === c);
      return [c, stats[i]!.precision.toFixed(2), stats[i]!.recall.toFixed(2), stats[i]!.f1.toFixed(2), stats[i]!.support, pct(share(of, (r) => r.result.status === 'uncertain')), pct(accuracy(of.filter(diagnosed)))];
    }),
  );
}

function summaryLine(rows: Row[], classes: readonly string[]): string {
  const f1 = perClass(confusion(rows, classes));
  const macro = f1.reduce((s, c) => s + c.f1, 0) / f1.length;
  const d = rows.filter(diagnosed);
  return `${rows.length} clips: accuracy of the top condition ${pct(accuracy(rows), 1)}, macro-F1 ${macro.toFixed(3)}; ${pct(d.length / Math.max(1, rows.length), 1)} diagnosed with confidence (the rest "uncertain"), and of those ${pct(accuracy(d), 1)} correct.`;
}

function writeReport(input: { rows: Row[]; manifest: Manifest; modelsDir: string; quick: boolean; seconds: number; cwru: boolean; foldsDir: string }): { markdown: string; data: unknown } {
  const { rows, manifest } = input;
  const by = (g: string) => rows.filter((r) => r.group === g);
  const soundClasses = SOUND_CONDITIONS;
  const vibClasses = VIBRATION_CONDITIONS;
  const out: string[] = [];
  const data: Record<string, unknown> = {};
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  out.push(
    '# Diagnosis models: evaluation report',
    '',
    `Generated by \`npm run models:eval\` on ${new Date().toISOString().slice(0, 10)} for model set **${manifest.version}** (${manifest.models.map((m) => m.id).join(', ')}).`,
    `Every figure below comes from the app's own pipeline (the TypeScript feature extractor, onnxruntime-node, the uncertainty rules), run on ${rows.length} recordings in ${input.seconds.toFixed(0)} s on ${os.availableParallelism()} cores (${cpu}).${input.quick ? ' **Quick run (--quick): small samples, figures are rough.**' : ''}`,
    '',
    '## What these models have and have not been tested on',
    '',
    '- **Compressor sound model**: trained and tested only on *synthetic* sound from the app\'s own physics-based synthesizer. The held-out sets below use other seeds and other parameter ranges (running speeds, bearing defect ratios, resonance frequencies, fan blade counts, cicada songs) than training, but they come from the same synthesizer: **it has not been tested on a single real compressor recording**. Expect lower accuracy on real machines until it is checked against labelled field recordings. The section "Healthy machines the model never heard" measures what it says about rotary and scroll compressors, 4-pole and inverter drives, rooms and small microphones, none of which it was trained on.',
    '- **Bearing vibration models**: tested on the real CWRU recordings by holding out a whole motor load (training on the other two loads plus synthetic data), never by splitting windows of one recording. That is one test rig, one bearing type (SKF 6205, plus NTN bearings for the 28-mil faults), one sensor position (drive end) and one healthy recording of 3 s (load 0 only), so "normal" is judged on one real recording per bandwidth. It has not been tested on compressors, on other bearings, on other mountings, or on the ESP32 sensor itself (the 3200 Hz results are CWRU recordings decimated to 3200 Hz).',
    '- **Not tested at all**: refrigerant-side faults other than the synthesized hiss, current-draw signatures, and any recording from a Korean field site.',
    '',
  );

  // Sound held-out
  const sh = by('sound-heldout');
  const cal = ece(sh);
  out.push('## Compressor sound: held-out synthetic set', '', summaryLine(sh, soundClasses), '', classTable(sh, soundClasses), '', '### Confusion matrix (top condition, whatever its status)', '', confusionTable(sh, soundClasses), '');
  out.push(
    '### Calibration',
    '',
    `Expected calibration error (10 bins) of the reported confidence against correctness: **${cal.ece.toFixed(3)}** (0 is perfect).`,
    '',
    table(['confidence', 'clips', 'mean confidence', 'accuracy'], cal.table.map((b) => [`${b.lo.toFixed(1)}-${b.hi.toFixed(1)}`, b.n, b.confidence.toFixed(2), b.accuracy.toFixed(2)])),
    '',
  );
  data.soundHeldout = { n: sh.length, accuracy: accuracy(sh), coverage: share(sh, diagnosed), selectiveAccuracy: accuracy(sh.filter(diagnosed)), ece: cal.ece, confusion: confusion(sh, soundClasses) };

  // Robustness
  out.push('## Compressor sound: robustness', '', 'One factor changed at a time, on held-out machines with one background source each (7 conditions x the same number of clips per setting).', '');
  const robustTable = (group: string, label: string, fmt: (v: string | number) => string, extraReason?: string) => {
    const g = by(`robust-${group}`);
    const values = [...new Set(g.map((r) => r.extra!.value!))];
    out.push(
      `### ${label}`,
      '',
      table(
        [label, 'clips', 'accuracy (top condition)', 'diagnosed', 'accuracy when diagnosed', ...(extraReason ? [`flagged "${extraReason}"`] : [])],
        values.map((v) => {
          const s = g.filter((r) => r.extra!.value === v);
          return [fmt(v), s.length, pct(accuracy(s)), pct(share(s, diagnosed)), pct(accuracy(s.filter(diagnosed))), ...(extraReason ? [pct(share(s, (r) => r.result.reasons.includes(extraReason)))] : [])];
        }),
      ),
      '',
    );
    data[`robust-${group}`] = values.map((v) => {
      const s = g.filter((r) => r.extra!.value === v);
      return { value: v, n: s.length, accuracy: accuracy(s), coverage: share(s, diagnosed), selectiveAccuracy: accuracy(s.filter(diagnosed)) };
    });
  };
  robustTable('snr', 'SNR (machine over background, dB)', (v) => `${v} dB`, 'too_noisy');
  robustTable('gain', 'recording level (RMS, dBFS)', (v) => `${v} dBFS`, 'clipped');
  robustTable('clipping', 'clipping (peaks cut at this fraction)', (v) => (v === 1 ? 'none' : `${Number(v) * 100} % of peak`), 'clipped');
  robustTable('rate', 'sample rate', (v) => `${v} Hz`, 'decimated_rate');

  // False alarms
  const fa = by('false-alarm');
  const backgrounds = [...new Set(fa.map((r) => String(r.extra!.background)))];
  const alarm = (r: Row) => r.result.status === 'diagnosed' && r.result.condition !== 'normal';
  out.push(
    '## False alarms: healthy compressors among site noise',
    '',
    `Healthy machines (held-out ranges) recorded with one loud background source at 0-10 dB SNR. A false alarm is a *confident* fault diagnosis; "uncertain" results ask the technician to measure again and are counted separately. Overall: **${pct(share(fa, alarm), 1)} false alarms**, ${pct(share(fa, (r) => r.result.status === 'uncertain'), 1)} uncertain, ${pct(share(fa, (r) => diagnosed(r) && r.result.condition === 'normal'), 1)} correctly called normal.`,
    '',
    table(
      ['background', 'clips', 'false alarm', 'uncertain', 'normal', 'most common false call'],
      backgrounds.map((b) => {
        const s = fa.filter((r) => r.extra!.background === b);
        const calls = s.filter(alarm).map((r) => r.result.condition!);
        const common = calls.length ? Object.entries(calls.reduce<Record<string, number>>((m, c) => ({ ...m, [c]: (m[c] ?? 0) + 1 }), {})).sort((x, y) => y[1] - x[1])[0]![0] : '-';
        return [b, s.length, pct(share(s, alarm)), pct(share(s, (r) => r.result.status === 'uncertain')), pct(share(s, (r) => diagnosed(r) && r.result.condition === 'normal')), common];
      }),
    ),
    '',
  );
  data.falseAlarm = { n: fa.length, falseAlarmRate: share(fa, alarm), uncertain: share(fa, (r) => r.result.status === 'uncertain') };

  // OOD
  const ood = by('ood');
  const oodKinds = [...new Set(ood.map((r) => String(r.extra!.kind)))];
  out.push(
    '## Recordings that are not a compressor',
    '',
    'These should never get a confident diagnosis.',
    '',
    table(
      ['recording', 'clips', 'uncertain or unavailable', 'flagged out of distribution', 'confident diagnosis (wrong by definition)'],
      oodKinds.map((k) => {
        const s = ood.filter((r) => r.extra!.kind === k);
        return [k, s.length, pct(share(s, (r) => r.result.status !== 'diagnosed')), pct(share(s, (r) => r.result.reasons.includes('out_of_distribution'))), pct(share(s, diagnosed))];
      }),
    ),
    '',
  );
  data.ood = oodKinds.map((k) => ({ kind: k, confident: share(ood.filter((r) => r.extra!.kind === k), diagnosed) }));

  // Field machines
  const field = by('field');
  const named = (r: Row) => r.result.condition !== null && r.result.condition !== 'normal';
  const fieldRow = (label: string, s: Row[]) => [
    label,
    s.length,
    pct(share(s, alarm)),
    pct(share(s, (r) => named(r) && r.result.status !== 'diagnosed')),
    pct(share(s, (r) => r.result.condition === null)),
    pct(share(s, (r) => r.result.condition === 'normal')),
  ];
  const groupsOf = (key: string) => [...new Set(field.map((r) => String(r.extra![key])))].sort();
  out.push(
    '## Healthy machines the model never heard (field synthesizer)',
    '',
    `Healthy machines drawn by \`synth/field.ts\`: reciprocating, rotary and scroll compressors; fixed 2-pole, fixed 4-pole and inverter drives (25-120 Hz); up to two of fan, traffic, voices, cicadas, another machine, a pump and a second compressor; a reverberant room and a small microphone's response in 60 % of clips each; a fifth at 48 kHz. The sound model was trained on none of this (only fixed-speed 2-pole reciprocating machines in free field). Any fault named is wrong. Overall: **${pct(share(field, alarm), 1)} confident false alarms**, ${pct(share(field, (r) => named(r) && r.result.status !== 'diagnosed'), 1)} a fault named as uncertain ("?"), ${pct(share(field, (r) => r.result.condition === null), 1)} no condition named (unknown machine, or no machine), ${pct(share(field, (r) => r.result.condition === 'normal'), 1)} normal.`,
    '',
    table(
      ['machines', 'clips', 'confident false alarm', 'fault named, uncertain', 'nothing named', 'normal'],
      [...groupsOf('type').map((t) => fieldRow(t, field.filter((r) => r.extra!.type === t))), ...groupsOf('drive').map((d) => fieldRow(d, field.filter((r) => r.extra!.drive === d)))],
    ),
    '',
  );
  data.field = { n: field.length, falseAlarmRate: share(field, alarm), named: share(field, named) };

  // Vibration synthetic
  out.push('## Bearing vibration: held-out synthetic set', '');
  for (const rate of [12_000, 3200]) {
    const s = by(`vib-heldout-${rate}`);
    out.push(`### ${rate === 12_000 ? 'Wideband model (12 kHz)' : 'Narrowband model (3200 Hz, ADXL345)'}`, '', summaryLine(s, vibClasses), '', classTable(s, vibClasses), '');
    data[`vibHeldout${rate}`] = { n: s.length, accuracy: accuracy(s), coverage: share(s, diagnosed) };
  }

  // CWRU
  out.push('## Bearing vibration: CWRU, leave one motor load out', '');
  if (!input.cwru) {
    out.push('The CWRU dataset or the fold models were not found: this section was not evaluated.', '');
  } else {
    out.push(
      'For each motor load (0, 1, 2 hp), a model trained on the other two loads plus synthetic data diagnoses every whole recording of the held-out load through the app. The bearing is given (SKF 6205); the running speed either given (rpm from the dataset) or estimated from the spectrum. The healthy class has a single 3 s real recording (load 0).',
      '',
    );
    for (const bandwidth of ['wideband', 'narrowband'] as const) {
      out.push(`### ${bandwidth === 'wideband' ? 'Wideband (recordings at 12 kHz; the healthy one resampled from 48 kHz)' : 'Narrowband: recordings decimated to 3200 Hz (what the ESP32\'s ADXL345 gives)'}`, '');
      for (const speed of ['given', 'estimated'] as const) {
        const s = by(`cwru-${bandwidth}-${speed}`);
        const loads = [0, 1, 2];
        out.push(
          `Speed ${speed}: ${summaryLine(s, vibClasses)}`,
          '',
          table(
            ['held-out load', 'recordings', 'accuracy', 'diagnosed', 'accuracy when diagnosed'],
            loads.map((l) => {
              const x = s.filter((r) => r.extra!.load === l);
              return [`${l} hp`, x.length, pct(accuracy(x)), pct(share(x, diagnosed)), pct(accuracy(x.filter(diagnosed)))];
            }),
          ),
          '',
        );
        if (speed === 'given') out.push(confusionTable(s, vibClasses), '', classTable(s, vibClasses), '');
        const wrong = s.filter((r) => !correct(r)).map((r) => `${r.extra!.file} (${r.truth} → ${r.result.condition ?? r.result.unavailable}, ${r.result.status})`);
        if (wrong.length) out.push(`Misclassified: ${wrong.join('; ')}.`, '');
        data[`cwru-${bandwidth}-${speed}`] = { n: s.length, accuracy: accuracy(s), coverage: share(s, diagnosed), selectiveAccuracy: accuracy(s.filter(diagnosed)), confusion: confusion(s, vibClasses) };
      }
      const summaryFile = path.join(input.foldsDir, 'summary.json');
      if (fs.existsSync(summaryFile)) {
        const seg = JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as Record<string, { n: number; accuracy: number; macroF1: number }>;
        const keys = Object.keys(seg).filter((k) => k.startsWith(bandwidth));
        out.push(`Per 5 s segment (scikit-learn, same fold models): ${keys.map((k) => `${k.split('/')[1]} ${pct(seg[k]!.accuracy)} of ${seg[k]!.n}`).join(', ')}.`, '');
      }
    }
  }

  // Latency
  const timed = sh.filter((r) => r.result.seconds > 9);
  out.push(
    '## Latency',
    '',
    `Features plus ensemble for a 10 s sound clip, measured during this evaluation (two worker threads on a shared machine): median ${median(timed.map((r) => r.result.featuresMs + r.result.inferenceMs)).toFixed(1)} ms (features ${median(timed.map((r) => r.result.featuresMs)).toFixed(1)} ms, ensemble ${median(timed.map((r) => r.result.inferenceMs)).toFixed(2)} ms). See BENCHMARKS.md for the controlled benchmark (\`npm run bench diagnosis\`).`,
    '',
    '## How to reproduce',
    '',
    '```sh',
    'models/training/setup.sh      # Debian packages for /usr/bin/python3 (once)',
    'npm run models:train          # features -> training -> ONNX -> parity check',
    'npm run models:eval           # CWRU fold models, then this report',
    '```',
    '',
    'Seeds: training 1,000,000+, validation 2,000,000+, held-out 3,000,000+, robustness 4,000,000+, false alarms and out-of-distribution 5,000,000+.',
    '',
  );
  return { markdown: out.join('\n'), data };
}

// Last, so that every module-level constant above is initialised before main runs.
if (!serveAnalysesAsWorker()) await main();

/** REPORT.md, keeping the tone rules' section that `scripts/bearing-rules-eval.mjs` writes between its markers. */
function writeReportFile(modelsDir: string, markdown: string): void {
  const file = path.join(modelsDir, 'REPORT.md');
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const begin = old.indexOf('<!-- bearing-rules:begin -->');
  const end = old.indexOf('<!-- bearing-rules:end -->');
  const kept = begin >= 0 && end > begin ? `\n${old.slice(begin, end + '<!-- bearing-rules:end -->'.length)}\n` : '';
  fs.writeFileSync(file, `${markdown.trimEnd()}\n${kept}`);
}
