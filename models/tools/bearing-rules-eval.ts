import fs from 'node:fs';
import path from 'node:path';
import type { Diagnosis } from '../../shared/contract';
import { readSignalFile } from '../../electron/node/platform/audio/signal-file';
import { analyze } from '../../electron/node/features/diagnosis/engine/analyze';
import { SKF_6205 } from '../../electron/node/features/diagnosis/extraction/bearings';
import { loadModelSet, releaseModelSet } from '../../electron/node/features/diagnosis/model/loader';
import { quietOnnxRuntime } from '../../electron/node/features/diagnosis/model/ort-env';
import { cwruFiles, cwruLoad, findCwruDir, type CwruFile } from './recipes';

/**
 * Before and after the bearing tone rules (engine/bearing-rules.ts), on the CWRU recordings, leave
 * one motor load out: each whole recording is diagnosed through the app by the fold model trained
 * without its load (models/training/cwru_folds.py), once without the rules and once with them,
 * with the machine facts given (rpm and bearing) and without any. Writes a dated section between
 * markers in models/REPORT.md (`node scripts/bearing-rules-eval.mjs`).
 *
 *   node bearing-rules-eval.mjs <wideband-folds-dir> <report.md>
 */
quietOnnxRuntime();

type Facts = 'given' | 'none';
interface Outcome {
  status: Diagnosis['status'];
  condition: string | null;
  confidence: number | null;
  reasons: string[];
  band: string | null;
  tones: string | null;
}
interface Row {
  file: CwruFile;
  load: number;
  results: Record<`${Facts}/${'before' | 'after'}`, Outcome>;
}

const BEGIN = '<!-- bearing-rules:begin -->';
const END = '<!-- bearing-rules:end -->';
const CLASSES = ['normal', 'inner_race', 'outer_race', 'ball'] as const;

/**
 * Records Smith & Randall (MSSP 64-65, 2015) grade as not clearly diagnosable, as issue 15 sums
 * them up: the ball faults and the drive-end 0.014" outer-race group. Their per-record tables
 * were not at hand offline; nothing else is marked.
 */
const notClearlyDiagnosable = (f: CwruFile) => f.condition === 'ball' || (f.condition === 'outer_race' && f.diameterMil === 14);

function outcomeOf(d: Diagnosis): Outcome {
  const band = d.evidence.find((e) => e.key === 'bearing_band');
  const decision = d.evidence.find((e) => e.key === 'bearing_decision');
  const toneItems = d.evidence.filter((e) => ['bearing_bpfo', 'bearing_bpfi', 'bearing_bsf2'].includes(e.key) && (e.value ?? 0) > 0);
  const tones = toneItems.map((e) => `${e.key.slice('bearing_'.length).toUpperCase()} ${e.value ?? 0}h ${Math.round(e.levelDb ?? 0)}`).join(', ') || 'none';
  return {
    status: d.status,
    condition: d.condition?.key ?? null,
    confidence: d.confidence,
    reasons: d.uncertainReasons.map((r) => r.code),
    band: band ? band.statement.en.match(/between ([\d.]+) and ([\d.]+) kHz/)!.slice(1).join('-') : null,
    tones: decision ? tones : null,
  };
}

async function main(): Promise<void> {
  const [foldsArg, reportArg] = process.argv.slice(2);
  const folds = path.resolve(foldsArg ?? 'models/training/out/folds/wideband');
  const reportFile = path.resolve(reportArg ?? 'models/REPORT.md');
  const dir = findCwruDir();
  if (!dir) throw new Error('The CWRU recordings were not found (set SIGNALCRAFT_CWRU_DIR to the folder holding labels.csv).');
  const started = Date.now();
  const rows: Row[] = [];
  for (const load of [0, 1, 2]) {
    const modelDir = path.join(folds, `load${load}`);
    if (!fs.existsSync(path.join(modelDir, 'manifest.json'))) throw new Error(`No fold model in ${modelDir}: run models/training/cwru_folds.py first (scripts/bearing-rules-eval.mjs does).`);
    const models = await loadModelSet([modelDir]);
    try {
      for (const file of cwruFiles(dir).filter((f) => cwruLoad(f.rpm) === load)) {
        const read = await readSignalFile(path.join(dir, file.file));
        if (read.format !== 'wav') throw new Error(`${file.file}: expected a WAV file`);
        const signal = { modality: 'vibration' as const, sampleRate: read.audio.sampleRate, samples: read.audio.channels[0]! };
        const results = {} as Row['results'];
        for (const facts of ['given', 'none'] as const) {
          const machine = facts === 'given' ? { bearing: SKF_6205, speedHz: file.rpm / 60 } : {};
          for (const when of ['before', 'after'] as const) {
            const d = await analyze({ signal, channels: 1, source: { kind: 'samples', label: file.file }, machine }, { models, bearingRules: when === 'after' });
            results[`${facts}/${when}`] = outcomeOf(d);
          }
        }
        rows.push({ file, load, results });
        process.stdout.write(`  ${file.file}\n`);
      }
    } finally {
      await releaseModelSet(models);
    }
  }
  const section = render(rows, (Date.now() - started) / 1000);
  const report = fs.existsSync(reportFile) ? fs.readFileSync(reportFile, 'utf8') : '';
  const at = report.indexOf(BEGIN);
  const next = at >= 0 ? report.slice(0, at) + section + report.slice(report.indexOf(END) + END.length) : `${report.trimEnd()}\n\n${section}\n`;
  fs.writeFileSync(reportFile, next);
  process.stdout.write(`wrote ${reportFile}\n`);
}

const pct = (n: number, d: number) => (d === 0 ? '-' : `${Math.round((100 * n) / d)} %`);

function tally(rows: Row[], key: keyof Row['results']) {
  const of = (r: Row) => r.results[key];
  const right = rows.filter((r) => of(r).status === 'diagnosed' && of(r).condition === r.file.condition).length;
  const wrong = rows.filter((r) => of(r).status === 'diagnosed' && of(r).condition !== r.file.condition).length;
  const unsure = rows.filter((r) => of(r).status !== 'diagnosed');
  const leaningRight = unsure.filter((r) => of(r).condition === r.file.condition).length;
  const unclear = unsure.filter((r) => of(r).reasons.includes('tones_unclear')).length;
  return { n: rows.length, right, wrong, unsure: unsure.length, leaningRight, unclear };
}

function render(rows: Row[], seconds: number): string {
  const date = new Date().toISOString().slice(0, 10);
  const out: string[] = [
    BEGIN,
    `## Bearing vibration: the tone rules beside the model (CWRU, leave one load out), ${date}`,
    '',
    `Generated on ${date} by \`node scripts/bearing-rules-eval.mjs\` (${rows.length} recordings x 4 runs in ${seconds.toFixed(0)} s on a shared 2-core machine). It does not regenerate the sections above: \`npm run models:eval\` does.`,
    'Each whole recording of a held-out load is diagnosed through the app by the wideband fold model trained on synthetic data and the two other loads (`models/training/cwru_folds.py`, the same folds as above), **before** (model only, as shipped until now) and **after** the tone rules (kurtogram band, defect tones with their sidebands, `docs/diagnosis.md`). "Facts given": rpm and bearing (SKF 6205); "no facts": the speed is estimated and the bearing assumed (here the assumed 6205 is the real one, so this is kinder than another rig would be).',
    '',
    '**Right**: diagnosed (not uncertain) and correct. **Confidently wrong**: diagnosed and wrong. **Uncertain**: the app says it is not sure (named right / named wrong or nothing); **not clearly diagnosable** is the part of "uncertain" where no defect tone stood out. Without facts every vibration result is uncertain (`bearing_assumed`), before and after.',
    '',
    '**Caveat**: the rules have no trained parameters, but their thresholds (a tone counts at 6 dB over the floor, strong at 15 dB with a second harmonic and, for the inner race and the ball, their sidebands) were settled while looking at these recordings\u2019 envelope spectra, so the "after" figures are not a held-out estimate for the rules; the lead\u2019s held-out set is.',
    '',
  ];
  for (const facts of ['given', 'none'] as const) {
    out.push(`### ${facts === 'given' ? 'Facts given (rpm, bearing)' : 'No facts (speed estimated, bearing assumed)'}`, '');
    out.push('| class | recordings | before: right | before: confidently wrong | before: uncertain (named right / other) | after: right | after: confidently wrong | after: uncertain (named right / other) | after: not clearly diagnosable |');
    out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const c of [...CLASSES, 'all'] as const) {
      const subset = c === 'all' ? rows : rows.filter((r) => r.file.condition === c);
      const b = tally(subset, `${facts}/before`);
      const a = tally(subset, `${facts}/after`);
      const label = c === 'all' ? '**all**' : c;
      out.push(`| ${label} | ${b.n} | ${b.right} (${pct(b.right, b.n)}) | ${b.wrong} | ${b.leaningRight} / ${b.unsure - b.leaningRight} | ${a.right} (${pct(a.right, a.n)}) | ${a.wrong} | ${a.leaningRight} / ${a.unsure - a.leaningRight} | ${a.unclear} |`);
    }
    out.push('');
  }
  out.push('### Per recording', '', 'S&R: `N` where Smith & Randall (MSSP 2015) grade the record not clearly diagnosable, as issue 15 sums them up (every ball fault; the drive-end 0.014" outer race); their per-record tables were not available offline, so no other record is marked. Outcomes: `D` diagnosed, `U` uncertain, then the condition named and the confidence (`m` = measured: the result follows the tones).', '');
  out.push('| recording | class | load | S&R | facts: before | facts: after | band (kHz) | tones found (harmonics, fundamental dB) | no facts: before | no facts: after |');
  out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const show = (o: Outcome) => `${o.status === 'diagnosed' ? 'D' : 'U'} ${o.condition ?? '-'} ${o.confidence === null ? (o.status === 'diagnosed' ? 'm' : '') : o.confidence.toFixed(2)}${o.reasons.includes('tones_unclear') ? ' (not clear)' : o.reasons.includes('tones_disagree') ? ' (disagree)' : ''}`.trim();
  for (const r of [...rows].sort((x, y) => x.file.condition.localeCompare(y.file.condition) || x.file.file.localeCompare(y.file.file))) {
    const after = r.results['given/after'];
    const mark = (o: Outcome) => (o.status === 'diagnosed' && o.condition !== r.file.condition ? `**${show(o)}**` : show(o));
    out.push(`| ${r.file.file} | ${r.file.condition} | ${r.load} | ${notClearlyDiagnosable(r.file) ? 'N' : ''} | ${mark(r.results['given/before'])} | ${mark(after)} | ${after.band ?? '-'} | ${after.tones ?? '-'} | ${mark(r.results['none/before'])} | ${mark(r.results['none/after'])} |`);
  }
  out.push('', 'Confidently wrong results are in bold.', END);
  return out.join('\n');
}

await main();
