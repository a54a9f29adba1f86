/**
 * Running AC RMS of three acceleration axes: the mean is removed, because gravity (1 g on one axis)
 * is the sensor's orientation, not vibration. Used by the sensor (its READING) and the live view.
 */
export class VibrationRms {
  private n = 0;
  private sx = 0;
  private sy = 0;
  private sz = 0;
  private qx = 0;
  private qy = 0;
  private qz = 0;

  add(x: Float32Array, y: Float32Array, z: Float32Array): void {
    for (let i = 0; i < x.length; i += 1) {
      const a = x[i]!;
      const b = y[i]!;
      const c = z[i]!;
      this.sx += a;
      this.sy += b;
      this.sz += c;
      this.qx += a * a;
      this.qy += b * b;
      this.qz += c * c;
    }
    this.n += x.length;
  }

  /** RMS per axis in g since the last reset; null with fewer than two samples. */
  value(): { x: number; y: number; z: number } | null {
    const n = this.n;
    if (n < 2) return null;
    const rms = (s: number, q: number) => Math.sqrt(Math.max(0, q / n - (s / n) ** 2));
    return { x: rms(this.sx, this.qx), y: rms(this.sy, this.qy), z: rms(this.sz, this.qz) };
  }

  reset(): void {
    this.n = this.sx = this.sy = this.sz = this.qx = this.qy = this.qz = 0;
  }
}
