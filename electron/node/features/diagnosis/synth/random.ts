import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/**
 * Seeded randomness for the synthesizer (pure-rand's xoroshiro128+): the same seed gives the same
 * machine and the same samples on every platform. Each part of a machine draws from its own
 * stream (`child`), so adding a part, or generating in chunks of another size, changes nothing
 * in the others.
 */
export class Rng {
  private readonly gen: ReturnType<typeof xoroshiro128plus>;
  private spare: number | null = null;

  constructor(readonly seed: number) {
    this.gen = xoroshiro128plus(seed | 0);
  }

  /** An independent stream derived from this seed and a label. */
  child(label: string): Rng {
    let h = Math.imul(this.seed ^ 0x9e3779b9, 0x85ebca6b);
    for (let i = 0; i < label.length; i += 1) h = Math.imul(h ^ label.charCodeAt(i), 0xc2b2ae35) ^ (h >>> 13);
    return new Rng(h ^ (h >>> 16));
  }

  /** Uniform in [0, 1). 32 bits are plenty for audio. */
  next(): number {
    return (this.gen.next() >>> 0) / 4294967296;
  }

  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Uniform over a union of intervals, weighted by their lengths. */
  ranges(intervals: readonly (readonly [number, number])[]): number {
    const total = intervals.reduce((s, [a, b]) => s + (b - a), 0);
    let u = this.next() * total;
    for (const [a, b] of intervals) {
      if (u <= b - a) return a + u;
      u -= b - a;
    }
    return intervals.at(-1)![1];
  }

  int(lo: number, hiInclusive: number): number {
    return lo + Math.floor(this.next() * (hiInclusive - lo + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Box-Muller, both values used). */
  gauss(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    const u = 1 - this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** A level in dB turned into an amplitude ratio. */
  db(lo: number, hi: number): number {
    return 10 ** (this.range(lo, hi) / 20);
  }
}
