import { z } from 'zod';
import { SOUND_SCHEMA, SOUND_SCHEMA_HASH } from '../extraction/sound';
import { VIBRATION_SCHEMA_HASHES, VIBRATION_SCHEMAS } from '../extraction/vibration';

/**
 * models/manifest.json: what the model set is, written by models/training/train.py. Everything the
 * loader trusts is checked against it: file hashes, the feature schema the model was trained on,
 * and golden vectors the model must reproduce.
 */
const LocalizedName = z.object({ ko: z.string().min(1), en: z.string().min(1) });

export const ManifestModel = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  modality: z.enum(['sound', 'vibration']),
  bandwidth: z.enum(['wideband', 'narrowband']).optional(),
  file: z.string().regex(/^[A-Za-z0-9._-]+\.onnx$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().positive(),
  featureSchema: z.object({ id: z.string(), hash: z.string().regex(/^[0-9a-f]{64}$/), names: z.array(z.string()).min(1) }),
  classes: z.array(z.object({ key: z.string().min(1), name: LocalizedName })).min(2),
  ensemble: z.object({ weights: z.object({ rf: z.number(), gb: z.number(), mlp: z.number() }), temperature: z.number().positive() }),
  uncertainty: z.object({ oodThreshold: z.number().positive(), disagreementThreshold: z.number().positive(), minConfidence: z.number().min(0).max(1) }),
  golden: z.string().regex(/^[A-Za-z0-9._-]+\.golden\.json$/),
  training: z.record(z.string(), z.unknown()),
  metrics: z.record(z.string(), z.unknown()),
});
export type ManifestModel = z.infer<typeof ManifestModel>;

export const Manifest = z.object({
  format: z.literal(1),
  version: z.string().min(1),
  createdAt: z.string(),
  trainer: z.record(z.string(), z.unknown()),
  models: z.array(ManifestModel).min(1),
});
export type Manifest = z.infer<typeof Manifest>;

export const Golden = z.object({
  inputs: z.array(z.array(z.number())).min(1),
  outputs: z.object({
    probabilities: z.array(z.array(z.number())),
    rf_probabilities: z.array(z.array(z.number())),
    gb_probabilities: z.array(z.array(z.number())),
    mlp_probabilities: z.array(z.array(z.number())),
    ood_distance: z.array(z.array(z.number())),
  }),
  tolerance: z.number().positive(),
});
export type Golden = z.infer<typeof Golden>;

/** The feature schemas this build of the app can compute, by id: a model must match one exactly. */
export const EXTRACTOR_SCHEMAS: Readonly<Record<string, { hash: string; names: readonly string[] }>> = {
  [SOUND_SCHEMA.id]: { hash: SOUND_SCHEMA_HASH, names: SOUND_SCHEMA.names },
  [VIBRATION_SCHEMAS.wideband.id]: { hash: VIBRATION_SCHEMA_HASHES.wideband, names: VIBRATION_SCHEMAS.wideband.names },
  [VIBRATION_SCHEMAS.narrowband.id]: { hash: VIBRATION_SCHEMA_HASHES.narrowband, names: VIBRATION_SCHEMAS.narrowband.names },
};

/** Why a model's feature schema cannot be used with this app's extractor, or null when it can. */
export function schemaMismatch(model: ManifestModel): string | null {
  const ours = EXTRACTOR_SCHEMAS[model.featureSchema.id];
  if (!ours) return `it expects features "${model.featureSchema.id}", which this version of the app does not compute`;
  if (ours.hash !== model.featureSchema.hash) {
    return `it was trained on feature schema ${model.featureSchema.id} with hash ${model.featureSchema.hash.slice(0, 12)}…, but this app computes hash ${ours.hash.slice(0, 12)}… (another feature version): its answers would be meaningless`;
  }
  if (ours.names.length !== model.featureSchema.names.length || ours.names.some((n, i) => n !== model.featureSchema.names[i])) {
    return 'its feature names differ from this app\'s although the schema hashes match (a damaged manifest)';
  }
  return null;
}
