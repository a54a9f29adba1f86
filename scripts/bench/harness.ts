import os from 'node:os';

/** Summary statistics of repeated measurements: benchmarks report medians and spread, not one run. */
export interface Stats {
  n: number;
  median: number;
  p10: number;
  p90: number;
  min: number;
  max: number;
}

export function stats(values: readonly number[]): Stats {
  if (values.length === 0) throw new Error('no samples');
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
  return { n: sorted.length, median: at(0.5), p10: at(0.1), p90: at(0.9), min: sorted[0]!, max: sorted.at(-1)! };
}

/** Runs `fn` `runs` times after `warmup` untimed runs; returns milliseconds per run. */
export async function measure(fn: () => unknown, options: { runs: number; warmup?: number }): Promise<Stats> {
  for (let i = 0; i < (options.warmup ?? 1); i += 1) await fn();
  const times: number[] = [];
  for (let i = 0; i < options.runs; i += 1) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return stats(times);
}

export function machine() {
  const cpus = os.cpus();
  return { cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, node: process.versions.node, platform: `${process.platform}-${process.arch}` };
}

/** Prints the result line the runner (scripts/bench.mjs) collects. */
export function report(name: string, result: Record<string, unknown>): void {
  process.stdout.write(`BENCH_RESULT ${JSON.stringify({ name, at: new Date().toISOString(), machine: machine(), ...result })}\n`);
}

export const fmt = (s: Stats, unit = 'ms', digits = 2) =>
  `median ${s.median.toFixed(digits)} ${unit} (p10 ${s.p10.toFixed(digits)}, p90 ${s.p90.toFixed(digits)}, n=${s.n})`;
