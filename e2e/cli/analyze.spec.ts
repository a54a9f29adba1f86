import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { CLI, ROOT } from '../support/serve-app';

/**
 * `signalcraft-field synth` and `analyze` as a technician runs them: synthesize a bearing fault and
 * a healthy compressor, diagnose them and a real CWRU recording, with a bad file among them.
 */
const CWRU = process.env.SIGNALCRAFT_CWRU_DIR ?? '/work/shared/datasets/cwru-bearing';

function run(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let dir: string;
test.beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-analyze-'));
});
test.afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('synth then analyze: a bearing fault, a healthy compressor and a bad file, in a readable report', () => {
  const bearing = path.join(dir, 'bearing.wav');
  const healthy = path.join(dir, 'healthy.wav');
  const made = run(['synth', '-c', 'bearing_wear', '--severity', '0.9', '--snr', '25', '--seed', '21', '-o', bearing]);
  expect(made.code).toBe(0);
  expect(made.stdout).toMatch(/Wrote .*bearing\.wav: 10 s of sound at 16000 Hz, condition bearing_wear/);
  expect(run(['synth', '-c', 'normal', '--seed', '22', '--snr', '25', '-o', healthy]).code).toBe(0);
  // The same seed gives the same file.
  const again = path.join(dir, 'again.wav');
  run(['synth', '-c', 'bearing_wear', '--severity', '0.9', '--snr', '25', '--seed', '21', '-o', again]);
  expect(fs.readFileSync(again).equals(fs.readFileSync(bearing))).toBe(true);

  const broken = path.join(dir, 'broken.wav');
  fs.writeFileSync(broken, fs.readFileSync(healthy).subarray(0, 1000));
  const { code, stdout, stderr } = run(['analyze', '--data-dir', dir, bearing, broken, healthy]);
  expect(code).toBe(1);
  // The same words as the visit page: the verdict, how sure, then the evidence with its numbers under it.
  expect(stdout).toMatch(/bearing\.wav — Sound, 10\.0 s at 16000 Hz\n\s+Verdict:\s+(▲ Fault · (Warning|Critical) — Bearing wear suspected|◆ Watch — Possible Bearing wear)[^\n]*\n\s+How sure:\s+(Sure|Likely|Not sure) \(\d+ %\)/);
  expect(stdout).toMatch(/What was found:\s+- A regular ticking, out of step with the rotation[^\n]*\n\s+Repeats at [\d.]+ Hz[^\n]*dB above the surrounding sound\./);
  expect(stdout).toMatch(/healthy\.wav — Sound[^\n]*\n\s+Verdict:\s+● Healthy — Running normally\n\s+How sure:\s+(Sure|Likely) \(\d+ %\)/);
  for (const engineWord of ['bearing_wear', 'NOT SURE', 'severity:', 'envelope', 'noise floor']) expect(stdout).not.toContain(engineWord);
  expect(stdout).toMatch(/Model:\s+compressor-sound/);
  // The visit page's sentence and the code support asks for, then the engineer's detail.
  expect(stderr).toMatch(/broken\.wav: broken\.wav is damaged or incomplete\. Copy it again from where it came from\. \(error code: invalid_file\)\n\s+Detail: broken\.wav declares [\d,]+ bytes of samples but only [\d,]+ are present \(truncated\)/);
});

test('analyze --json gives one entry per file, and Korean on request', () => {
  const clip = path.join(dir, 'clip.wav');
  run(['synth', '-c', 'electrical_hum', '--severity', '1', '--snr', '30', '--seed', '23', '-o', clip]);
  const json = run(['analyze', '--json', '--data-dir', dir, clip, path.join(dir, 'missing.wav')]);
  expect(json.code).toBe(1);
  const parsed = JSON.parse(json.stdout) as { file: string; ok: boolean; diagnosis?: { condition: { key: string }; probabilities: unknown[]; baseline: { features: number[] } }; error?: { code: string } }[];
  expect(parsed).toHaveLength(2);
  expect(parsed[0]!.ok).toBe(true);
  expect(parsed[0]!.diagnosis!.condition.key).toBe('electrical_hum');
  expect(parsed[0]!.diagnosis!.probabilities).toHaveLength(7);
  expect(parsed[0]!.diagnosis!.baseline.features.length).toBeGreaterThan(50);
  expect(parsed[1]).toMatchObject({ ok: false, error: { code: 'invalid_file' } });
  const ko = run(['analyze', '--lang', 'ko', '--data-dir', dir, clip]);
  expect(ko.stdout).toMatch(/진단 결과:\s+[▲◆] [^\n]*모터 전기 이상/);
  // Without --lang, the terminal's locale decides.
  const byLocale = spawnSync(process.execPath, [CLI, 'analyze', '--data-dir', dir, clip], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'ko_KR.UTF-8' } });
  expect(byLocale.stdout).toMatch(/진단 결과:\s+[▲◆] [^\n]*모터 전기 이상/);
});

test('analyze under a Korean locale says what is wrong with a bad file in Korean, keeping the error code', () => {
  const notWav = path.join(dir, 'memo.wav');
  fs.writeFileSync(notWav, 'compressor noisy since Tuesday, check the fan\n');
  const truncated = path.join(dir, 'cut.wav');
  run(['synth', '-c', 'normal', '--seed', '24', '--seconds', '1', '-o', truncated]);
  fs.writeFileSync(truncated, fs.readFileSync(truncated).subarray(0, 1000));
  const env = { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'ko_KR.UTF-8' };
  const result = spawnSync(process.execPath, [CLI, 'analyze', '--data-dir', dir, notWav, truncated, path.join(dir, 'gone.wav')], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env });
  expect(result.status).toBe(1);
  const stderr = result.stderr;
  expect(stderr).toContain('memo.wav: memo.wav 파일은 WAV 소리 파일이 아닙니다. WAV로 저장하거나 맞는 파일을 고르세요. (오류 코드: invalid_file)');
  expect(stderr).toContain('cut.wav: cut.wav 파일이 손상되었거나 일부만 있습니다.');
  expect(stderr).toContain('gone.wav: gone.wav 파일을 찾거나 열 수 없습니다.');
  // No English sentence: with file names and error codes taken out, no run of Latin words is left.
  const words = stderr.replace(/[\w./-]+\.wav/g, '').replace(/invalid_file/g, '');
  expect(words).not.toMatch(/[A-Za-z]{2,}(\s+[A-Za-z]{2,})+/);
  expect(words).not.toMatch(/declares|truncated|not a WAV|cannot/i);
});

test('analyze a real CWRU recording with its bearing and speed, and without them', () => {
  test.skip(!fs.existsSync(path.join(CWRU, 'labels.csv')), 'the CWRU dataset is not on this machine');
  const file = path.join(CWRU, '1797_IR_21_DE12.wav');
  const given = run(['analyze', '--data-dir', dir, '--bearing', '6205', '--rpm', '1797', file]);
  expect(given.code).toBe(0);
  expect(given.stdout).toMatch(/1797_IR_21_DE12\.wav — Vibration, 10\.2 s at 12000 Hz\n\s+Verdict:\s+▲ Fault · (Warning|Critical) — Bearing damage \(inner ring\) suspected/);
  expect(given.stdout).toMatch(/the rate of damage on the bearing’s inner ring\.\n\s+Repeats at 162 Hz \([\d.]+ times the rotation\), \d+ dB above the surrounding vibration\./);
  expect(given.stdout).toMatch(/- Vibration level [\d.]+ mm\/s: [^\n]+\n\s+Velocity [\d.]+ mm\/s, zone [ABCD] of ISO 10816/);
  const assumed = run(['analyze', '--data-dir', dir, file]);
  expect(assumed.stdout).toMatch(/Verdict:\s+◆ Watch — Possible Bearing damage \(inner ring\): measure again/);
  expect(assumed.stdout).toMatch(/The bearing type was not given/);
});

test('synth makes a machine the model never heard, and analyze names no fault for it', () => {
  const file = path.join(dir, 'inverter.wav');
  const spec = path.join(dir, 'inverter.json');
  // A healthy scroll compressor on an inverter at 36 Hz, a pump beside it at a speed the model knows.
  const made = run(['synth', '-c', 'normal', '--compressor', 'scroll', '--speed', '36', '--background', 'pump', '--snr', '12', '--seed', '2', '-o', file, '--spec', spec]);
  expect(made.code).toBe(0);
  expect(made.stdout).toMatch(/\(a scroll compressor on an inverter\), condition normal, running speed 36\.00 Hz/);
  const machine = (JSON.parse(fs.readFileSync(spec, 'utf8')) as { machine: { type: string; inverter: { electricalHz: number } } }).machine;
  expect(machine.type).toBe('scroll');
  expect(machine.inverter.electricalHz).toBeGreaterThanOrEqual(72);
  const analyzed = run(['analyze', '--json', '--data-dir', dir, file]);
  expect(analyzed.code).toBe(0);
  const [entry] = JSON.parse(analyzed.stdout) as { diagnosis: { condition: unknown; novelty: { kind: string }; uncertainReasons: { code: string; value: number }[] } }[];
  expect(entry!.diagnosis.condition).toBeNull();
  expect(entry!.diagnosis.novelty.kind).toBe('unknown_machine');
  expect(entry!.diagnosis.uncertainReasons.find((r) => r.code === 'louder_machine_elsewhere')?.value).toBeCloseTo(36, 0);
  const text = run(['analyze', '--data-dir', dir, file]).stdout;
  // The finding says no fault was named and why, with the speed of the machine that stands out (36 Hz), not the pump's.
  expect(text).toMatch(/What was found: - No fault named\. A louder machine in the recording turns at a speed the app has not learned[^\n]*\n\s+Running speed 2160 rpm\./);
  for (const fault of ['Bearing wear', 'Loose', 'Unbalance', 'Valve', 'Refrigerant', 'electrical']) expect(text).not.toContain(fault);
});

test('synth refuses an unknown condition and analyze a bad option, with the reason', () => {
  const bad = run(['synth', '-c', 'exploding', '-o', path.join(dir, 'x.wav')]);
  expect(bad.code).not.toBe(0);
  expect(bad.stderr).toMatch(/Unknown sound condition "exploding"\. Choose one of: normal, bearing_wear/);
  const option = run(['analyze', '--bearing', 'round', 'x.wav']);
  expect(option.code).not.toBe(0);
  // Refused with the catalogue's nearest designations and the two ways to give a bearing.
  expect(option.stderr).toMatch(/"round" is not in the bearing catalogue \(nearest: [^)]+\)\. Use a designation such as 6205-2RS or NU306, or the geometry as balls:ballRatio/);
});
