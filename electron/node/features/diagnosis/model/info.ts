import type { InstalledModel, ModelInfo } from '../../../../../shared/contract';
import type { ModelSet } from './loader';

/** The installed models as the UI and `doctor` describe them. */
export function modelInfo(set: ModelSet): ModelInfo {
  const models: InstalledModel[] = set.models.map((m) => ({
    id: m.entry.id,
    modality: m.entry.modality,
    bandwidth: m.entry.bandwidth ?? null,
    status: m.session ? 'ready' : 'refused',
    problem: m.problem,
    classes: m.entry.classes.map((c) => ({ key: c.key, name: c.name })),
    featureSchema: { id: m.entry.featureSchema.id, hash: m.entry.featureSchema.hash, features: m.entry.featureSchema.names.length },
    bytes: m.entry.bytes,
    metrics: headline(m.entry.metrics),
  }));
  const ready = models.filter((m) => m.status === 'ready').length;
  const status: ModelInfo['status'] = !set.dir ? 'missing' : !set.manifest || ready === 0 ? 'invalid' : ready < models.length ? 'partial' : 'ready';
  return {
    status,
    version: set.manifest?.version ?? null,
    directory: set.dir,
    createdAt: set.manifest?.createdAt ?? null,
    models,
    problems: set.problems,
    loadMs: Math.round(set.loadMs),
  };
}

/** Flattens the manifest's numeric metrics one level deep: `validation.accuracy`, `cwruLeaveOneLoadOutSegments.macroF1`... */
function headline(metrics: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(metrics)) {
    if (typeof v === 'number') out[k] = v;
    else if (v && typeof v === 'object') for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) if (typeof v2 === 'number') out[`${k}.${k2}`] = v2;
  }
  return out;
}
