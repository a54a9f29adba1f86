import { createRequire } from 'node:module';
import type * as Ort from 'onnxruntime-node';
import type { ManifestModel } from './manifest';
import { quietOnnxRuntime } from './ort-env';

// Before any onnxruntime session in this process (see ort-env.ts).
quietOnnxRuntime();

const require = createRequire(import.meta.url);

/**
 * One diagnosis model running in onnxruntime-node: the calibrated ensemble probabilities, each
 * member's probabilities (to see whether they agree) and the out-of-distribution distance, for a
 * batch of feature vectors.
 */
export interface EnsembleOutput {
  probabilities: Float32Array[];
  members: { rf: Float32Array[]; gb: Float32Array[]; mlp: Float32Array[] };
  oodDistance: number[];
}

export const OUTPUT_NAMES = ['probabilities', 'rf_probabilities', 'gb_probabilities', 'mlp_probabilities', 'ood_distance'] as const;

export class EnsembleSession {
  private constructor(
    readonly entry: ManifestModel,
    private readonly session: Ort.InferenceSession,
    private readonly ort: typeof Ort,
  ) {}

  /** Creates a session from the model bytes (already hash-checked), single-threaded: analyses run in parallel workers instead. */
  static async create(entry: ManifestModel, bytes: Uint8Array): Promise<EnsembleSession> {
    const ort = require('onnxruntime-node') as typeof Ort;
    const session = await ort.InferenceSession.create(bytes, {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
    const lacking = [...(session.inputNames.includes('features') ? [] : ['input features']), ...OUTPUT_NAMES.filter((n) => !session.outputNames.includes(n))];
    if (lacking.length > 0) {
      await session.release();
      throw new Error(`the graph lacks ${lacking.join(', ')}`);
    }
    return new EnsembleSession(entry, session, ort);
  }

  get featureCount(): number {
    return this.entry.featureSchema.names.length;
  }

  get classCount(): number {
    return this.entry.classes.length;
  }

  async run(rows: readonly ArrayLike<number>[]): Promise<EnsembleOutput> {
    const f = this.featureCount;
    const input = new Float32Array(rows.length * f);
    rows.forEach((row, r) => {
      if (row.length !== f) throw new Error(`a feature vector has ${row.length} values, the model takes ${f}`);
      for (let i = 0; i < f; i += 1) input[r * f + i] = row[i]!;
    });
    const out = await this.session.run({ features: new this.ort.Tensor('float32', input, [rows.length, f]) });
    const c = this.classCount;
    const split = (name: string, width: number): Float32Array[] => {
      const tensor = out[name];
      if (!tensor || !(tensor.data instanceof Float32Array) || tensor.data.length !== rows.length * width) throw new Error(`output ${name} has an unexpected shape`);
      const data = tensor.data;
      return rows.map((_, r) => data.slice(r * width, (r + 1) * width));
    };
    return {
      probabilities: split('probabilities', c),
      members: { rf: split('rf_probabilities', c), gb: split('gb_probabilities', c), mlp: split('mlp_probabilities', c) },
      oodDistance: split('ood_distance', 1).map((d) => d[0]!),
    };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
