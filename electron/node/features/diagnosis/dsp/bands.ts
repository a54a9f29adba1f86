/** Mel-spaced band edges (the HTK formula): finer at low frequencies, like hearing and like machine tones. */
export function melEdges(bands: number, loHz: number, hiHz: number): number[] {
  const mel = (f: number) => 2595 * Math.log10(1 + f / 700);
  const hz = (m: number) => 700 * (10 ** (m / 2595) - 1);
  const lo = mel(loHz);
  const hi = mel(hiHz);
  return Array.from({ length: bands + 2 }, (_, i) => hz(lo + ((hi - lo) * i) / (bands + 1)));
}

/**
 * Triangular band energies of a power spectrum: band i rises from edges[i] to edges[i+1] and falls
 * to edges[i+2]. A band narrower than a bin still gets the bin it falls in.
 */
export function triangularBandEnergies(power: Float64Array, binHz: number, edges: readonly number[], out = new Float64Array(edges.length - 2)): Float64Array {
  for (let b = 0; b < edges.length - 2; b += 1) {
    const lo = edges[b]!;
    const mid = edges[b + 1]!;
    const hi = edges[b + 2]!;
    const kLo = Math.max(0, Math.ceil(lo / binHz));
    const kHi = Math.min(power.length - 1, Math.floor(hi / binHz));
    let sum = 0;
    for (let k = kLo; k <= kHi; k += 1) {
      const f = k * binHz;
      const w = f <= mid ? (f - lo) / (mid - lo) : (hi - f) / (hi - mid);
      if (w > 0) sum += w * power[k]!;
    }
    if (kHi < kLo) sum = power[Math.min(power.length - 1, Math.round(mid / binHz))]!;
    out[b] = sum;
  }
  return out;
}

/** Rectangular band sums for contiguous edges [e0, e1), [e1, e2), ... */
export function rectBandEnergies(power: Float64Array, binHz: number, edges: readonly number[], out = new Float64Array(edges.length - 1)): Float64Array {
  out.fill(0);
  for (let k = 0; k < power.length; k += 1) {
    const f = k * binHz;
    if (f < edges[0]! || f >= edges.at(-1)!) continue;
    let b = 0;
    while (f >= edges[b + 1]!) b += 1;
    out[b]! += power[k]!;
  }
  return out;
}
