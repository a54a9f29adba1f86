// `npm run bench [name ...]`: runs the benchmarks in scripts/bench/<name>.bench.ts (all by
// default). Each is bundled with esbuild and run in its own Node process, so one benchmark's heap
// and JIT state cannot colour another's. A benchmark prints one JSON line starting with
// `BENCH_RESULT ` (see scripts/bench/harness.ts); this runner collects them into
// bench-results/<name>.json and prints a summary. Results go in BENCHMARKS.md with the command.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bundleTs } from './lib/bundle-ts.mjs';

const root = path.resolve(import.meta.dirname, '..');
const benchDir = path.join(root, 'scripts', 'bench');
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const all = fs
  .readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''));
const names = wanted.length > 0 ? wanted : all;
const unknown = names.filter((n) => !all.includes(n));
if (unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${all.join(', ')}`);
  process.exit(2);
}

const outDir = path.join(root, 'bench-results');
fs.mkdirSync(outDir, { recursive: true });
let failed = 0;
for (const name of names) {
  const outfile = await bundleTs(path.join(benchDir, `${name}.bench.ts`), 'scf-bench', `${name}.mjs`, {
    // Keep import.meta.dirname meaningful for benchmarks that locate repository files.
    define: { 'import.meta.dirname': JSON.stringify(benchDir) },
  });
  console.log(`\n=== ${name} ===`);
  const run = spawnSync(process.execPath, ['--expose-gc', outfile], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(run.stdout.split('\n').filter((l) => !l.startsWith('BENCH_RESULT ')).join('\n'));
  const line = run.stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (run.status !== 0 || !line) {
    console.error(`benchmark ${name} failed (exit ${run.status})`);
    failed += 1;
    continue;
  }
  const result = JSON.parse(line.slice('BENCH_RESULT '.length));
  // A benchmark with several modes names its result (live-view's soak): one mode's run keeps the other's file.
  fs.writeFileSync(path.join(outDir, `${result.name ?? name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  fs.rmSync(outfile, { force: true });
}
process.exit(failed > 0 ? 1 : 0);
