import { useState } from 'react';
import { cssColor, useLiveCanvas } from './canvas-util';
import { type LiveStore, SPECTROGRAM_COLUMNS } from './live-store';

const FLOOR_DB = -90;
const CEILING_DB = -20;
/** Rows of the picture; frequencies on a log scale, where a compressor's orders and hum live. */
const ROWS = 200;
export const SPECTROGRAM_MIN_HZ = 30;

/**
 * Viridis-like ramp (dark blue, green, yellow): brightness rises with level, so it reads in
 * grey scale and for colour-blind eyes too.
 */
const STOPS: [number, [number, number, number]][] = [
  [0, [68, 1, 84]],
  [0.25, [59, 82, 139]],
  [0.5, [33, 145, 140]],
  [0.75, [94, 201, 98]],
  [1, [253, 231, 37]],
];
const LUT = Array.from({ length: 256 }, (_, i) => {
  const t = i / 255;
  const k = Math.max(0, STOPS.findIndex(([at]) => at >= t) - 1);
  const [a, ca] = STOPS[k]!;
  const [b, cb] = STOPS[Math.min(k + 1, STOPS.length - 1)]!;
  const f = b === a ? 0 : (t - a) / (b - a);
  return ca.map((v, j) => Math.round(v + (cb[j]! - v) * f)) as [number, number, number];
});

const TICKS_HZ = [60, 120, 300, 1000, 3000];

/** Frequency marks at the left edge, on a backing so they read over any colour. */
function drawScale(ctx: CanvasRenderingContext2D, canvas: HTMLCanvasElement, maxHz: number): void {
  const ratio = window.devicePixelRatio || 1;
  ctx.font = `${Math.round(12 * ratio)}px system-ui, sans-serif`;
  ctx.textBaseline = 'middle';
  for (const hz of TICKS_HZ) {
    if (hz >= maxHz) continue;
    const y = canvas.height * (1 - Math.log(hz / SPECTROGRAM_MIN_HZ) / Math.log(maxHz / SPECTROGRAM_MIN_HZ));
    const text = hz >= 1000 ? `${hz / 1000} kHz` : `${hz} Hz`;
    const width = ctx.measureText(text).width + 8 * ratio;
    ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
    ctx.fillRect(0, y - 8 * ratio, width, 16 * ratio);
    ctx.fillStyle = '#0b1220';
    ctx.fillText(text, 4 * ratio, y);
  }
}

/**
 * The last 10 s as a spectrogram: one column per back-end frame (a 1024-point spectrum in 256
 * bins), frequency on a log scale from 30 Hz up, low at the bottom. A gap is a striped column:
 * a pattern, not a colour.
 */
export function Spectrogram({ store, label, maxHz }: { store: LiveStore; label: string; maxHz: number }) {
  const [image] = useState(() => new ImageData(SPECTROGRAM_COLUMNS, ROWS));
  const [off] = useState(() => new OffscreenCanvas(SPECTROGRAM_COLUMNS, ROWS));
  const ref = useLiveCanvas(
    store,
    (canvas, ctx) => {
      const columns = store.spectrum;
      const bins = columns.find((c) => c !== null)?.length ?? 0;
      if (bins === 0 || store.binHz === 0) return;
      // Which bin each row shows.
      const rowBin = Array.from({ length: ROWS }, (_, r) => {
        const hz = SPECTROGRAM_MIN_HZ * (maxHz / SPECTROGRAM_MIN_HZ) ** (r / (ROWS - 1));
        return Math.min(bins - 1, Math.round(hz / store.binHz));
      });
      image.data.fill(0);
      const offset = SPECTROGRAM_COLUMNS - columns.length;
      for (let c = 0; c < columns.length; c += 1) {
        const column = columns[c];
        for (let r = 0; r < ROWS; r += 1) {
          const p = ((ROWS - 1 - r) * SPECTROGRAM_COLUMNS + offset + c) * 4;
          if (column === null || column === undefined) {
            const stripe = r % 8 < 4 ? 255 : 0;
            image.data.set([stripe, stripe, stripe, 255], p);
            continue;
          }
          const level = Math.max(0, Math.min(1, (column[rowBin[r]!]! - FLOOR_DB) / (CEILING_DB - FLOOR_DB)));
          const [red, green, blue] = LUT[Math.round(level * 255)]!;
          image.data.set([red, green, blue, 255], p);
        }
      }
      off.getContext('2d')?.putImageData(image, 0, 0);
      ctx.fillStyle = cssColor(canvas, '--surface', '#eee');
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(off, 0, 0, canvas.width, canvas.height);
      drawScale(ctx, canvas, maxHz);
    },
    [maxHz],
  );
  return <canvas ref={ref} className="live-canvas live-spectrogram" role="img" aria-label={label} />;
}
