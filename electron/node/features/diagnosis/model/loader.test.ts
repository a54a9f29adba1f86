import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../testing/fixtures';
import { copyModels, MODELS_DIR } from '../../../testing/diagnosis';
import { Golden, Manifest } from './manifest';
import { loadModelSet, type ModelSet, releaseModelSet, selfCheck } from './loader';

/**
 * The committed models against the trainer's golden vectors, and every way a model must be refused.
 * No Python here: the golden vectors were written by scikit-learn at training time.
 */
const { dir, cleanup } = tempDir('scf-models-');
let set: ModelSet;
beforeAll(async () => {
  set = await loadModelSet([MODELS_DIR]);
});
afterAll(async () => {
  await releaseModelSet(set);
  cleanup();
});

const manifestOf = (d: string) => Manifest.parse(JSON.parse(fs.readFileSync(path.join(d, 'manifest.json'), 'utf8')));
const writeManifest = (d: string, m: unknown) => fs.writeFileSync(path.join(d, 'manifest.json'), JSON.stringify(m));

describe('the committed models', () => {
  it('load without leaving a file in the temp folder (onnxruntime telemetry is off)', () => {
    expect(set.models.every((m) => m.session)).toBe(true);
    expect(process.env.ORT_DISABLE_TELEMETRY).toBe('1');
    const left = fs.readdirSync(os.tmpdir()).filter((f) => f === `mat-debug-${process.pid}.log`);
    expect(left).toEqual([]);
  });

  it('load, match this app\'s feature schemas and pass their self-check', () => {
    expect(set.problems).toEqual([]);
    expect(set.models.map((m) => m.entry.id).sort()).toEqual(['bearing-vibration-narrowband', 'bearing-vibration-wideband', 'compressor-sound']);
    expect(set.models.every((m) => m.session)).toBe(true);
  });

  it('reproduce scikit-learn\'s probabilities and OOD distances in onnxruntime-node to 1e-5', async () => {
    for (const m of set.models) {
      const golden = Golden.parse(JSON.parse(fs.readFileSync(path.join(MODELS_DIR, m.entry.golden), 'utf8')));
      expect(golden.inputs.length).toBeGreaterThanOrEqual(20);
      const worst = await selfCheck(m.session!, golden);
      expect(worst.error, `${m.entry.id}: ${worst.output}`).toBeLessThanOrEqual(1e-5);
    }
  });

  it('are small enough to ship (a few MB at most)', () => {
    const total = set.models.reduce((s, m) => s + fs.statSync(path.join(MODELS_DIR, m.entry.file)).size, 0);
    expect(total).toBeLessThan(6 * 1024 ** 2);
  });
});

describe('refusing models', () => {
  it('refuses a model whose feature-schema hash differs from the extractor\'s', async () => {
    const d = copyModels(path.join(dir, 'hash'));
    const m = manifestOf(d);
    m.models[0]!.featureSchema.hash = 'f'.repeat(64);
    writeManifest(d, m);
    const s = await loadModelSet([d]);
    const refused = s.models.find((x) => x.entry.id === m.models[0]!.id)!;
    expect(refused.session).toBeNull();
    expect(refused.problem).toMatch(/trained on feature schema .* but this app computes hash/);
    expect(s.models.filter((x) => x.session)).toHaveLength(m.models.length - 1);
    await releaseModelSet(s);
  });

  it('refuses a damaged model file (hash check) and one that onnxruntime cannot read', async () => {
    const d = copyModels(path.join(dir, 'corrupt'));
    const m = manifestOf(d);
    const file = path.join(d, m.models[0]!.file);
    const bytes = fs.readFileSync(file);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    fs.writeFileSync(file, bytes);
    let s = await loadModelSet([d]);
    expect(s.models[0]!.problem).toMatch(/damaged or was replaced/);
    await releaseModelSet(s);

    // Even with a matching hash, garbage is not a model.
    fs.writeFileSync(file, Buffer.from('not an onnx model'));
    const { createHash } = await import('node:crypto');
    m.models[0]!.sha256 = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    writeManifest(d, m);
    s = await loadModelSet([d]);
    expect(s.models[0]!.problem).toMatch(/onnxruntime could not load it/);
    await releaseModelSet(s);
  });

  it('refuses a model that does not reproduce its golden vectors (a mismatched model)', async () => {
    const d = copyModels(path.join(dir, 'golden'));
    const m = manifestOf(d);
    const goldenFile = path.join(d, m.models[0]!.golden);
    const golden = Golden.parse(JSON.parse(fs.readFileSync(goldenFile, 'utf8')));
    golden.outputs.probabilities = golden.outputs.probabilities.map((row) => [...row].reverse());
    fs.writeFileSync(goldenFile, JSON.stringify(golden));
    const s = await loadModelSet([d]);
    expect(s.models[0]!.session).toBeNull();
    expect(s.models[0]!.problem).toMatch(/does not reproduce its golden vectors/);
    await releaseModelSet(s);
  });

  it('says so when the manifest is unreadable or no model is installed', async () => {
    const d = path.join(dir, 'broken');
    fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(d, 'manifest.json'), '{"format": 1, "version":');
    const broken = await loadModelSet([d]);
    expect(broken.manifest).toBeNull();
    expect(broken.problems[0]).toMatch(/manifest .* is unreadable/);
    const none = await loadModelSet([path.join(dir, 'nothing-here')]);
    expect(none.dir).toBeNull();
    expect(none.problems[0]).toMatch(/No diagnosis model is installed/);
  });

  it('prefers a user-installed model set over the bundled one', async () => {
    const d = copyModels(path.join(dir, 'user'));
    const s = await loadModelSet([d, MODELS_DIR]);
    expect(s.dir).toBe(d);
    await releaseModelSet(s);
  });
});
