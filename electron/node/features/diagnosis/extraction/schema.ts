import { createHash } from 'node:crypto';

/**
 * A feature schema: the ordered names of a model's inputs and the extraction parameters that give
 * them their meaning. Models record the hash of the schema they were trained on; the app refuses a
 * model whose hash differs from its own extractor's, since feeding features in another order or
 * computed another way would give confident nonsense.
 *
 * The hash covers names and parameters, not code: a change to how a feature is computed must bump
 * `version` (a unit test pins the current hashes so that this cannot be forgotten silently).
 */
export interface FeatureSchema {
  id: string;
  version: number;
  names: readonly string[];
  params: Readonly<Record<string, unknown>>;
}

/** JSON with object keys sorted at every level: the same schema always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function schemaHash(schema: FeatureSchema): string {
  return createHash('sha256').update(canonicalJson({ id: schema.id, version: schema.version, names: schema.names, params: schema.params })).digest('hex');
}

/** Fills a feature vector by name, refusing unknown names, and checks that every slot was set with a finite number. */
export class FeatureVectorBuilder {
  private readonly index: Map<string, number>;
  private readonly values: Float64Array;
  private readonly set_: Uint8Array;

  constructor(private readonly schema: FeatureSchema) {
    this.index = new Map(schema.names.map((n, i) => [n, i]));
    this.values = new Float64Array(schema.names.length);
    this.set_ = new Uint8Array(schema.names.length);
  }

  set(name: string, value: number): this {
    const i = this.index.get(name);
    if (i === undefined) throw new Error(`feature "${name}" is not in schema ${this.schema.id} v${this.schema.version}`);
    // A non-finite feature would make every model downstream meaningless: it is a bug here.
    if (!Number.isFinite(value)) throw new Error(`feature "${name}" is ${value}`);
    this.values[i] = value;
    this.set_[i] = 1;
    return this;
  }

  build(): Float64Array {
    const missing = this.schema.names.filter((_, i) => this.set_[i] === 0);
    if (missing.length > 0) throw new Error(`features not computed: ${missing.join(', ')}`);
    return this.values;
  }
}
