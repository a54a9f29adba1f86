/**
 * The diagnosis feature's public entry: what other features, the hosts (serve, CLI, the Electron
 * adapter) and their tests may use. Anything not exported here is internal to the feature; the
 * feature-fence lint rule (eslint.config.js) fails an import that reaches past this file.
 */
export { CONDITIONS } from './conditions';
export { analyze } from './engine/analyze';
export { diagnosisFeature, type DiagnosisEngine } from './diagnosis-feature';
export { SOUND_SCHEMA } from './extraction/sound';
export { isoZone } from './extraction/vibration';
export { checkInstalledModels } from './model/check';
export { loadModelSet, releaseModelSet, type ModelSet } from './model/loader';
export { EXTRACTOR_SCHEMAS, Manifest } from './model/manifest';
export { quietOnnxRuntime } from './model/ort-env';
export { synthesize, type MachineSynth } from './synth/machine';
export { Rng } from './synth/random';
export { sampleSoundSpec, sampleVibrationSpec } from './synth/sample';
export { FIELD_DRIVES, type FieldDrive, sampleFieldSoundSpec } from './synth/field';
export { COMPRESSOR_TYPES, type CompressorType } from './synth/spec';
export { BACKGROUND_KINDS, SOUND_CONDITIONS, VIBRATION_CONDITIONS, type BackgroundKind, type SoundCondition, type SoundSpec, type VibrationCondition } from './synth/spec';
export { machineStream } from './synth/stream';
export { soundWav, vibrationWav } from './synth/wav-out';
export { readNpy, writeNpy } from '../../../../models/tools/npy';
