import { useEffect, useRef } from 'react';
import { type LivePainter, scrollLeft, useLiveCanvas } from './canvas-util';
import { type LiveStore, MAX_SPECTRUM_BINS, SPECTROGRAM_COLUMNS } from './live-store';

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
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
/** One opaque pixel, as a Uint32 over ImageData's RGBA bytes. */
const pixel = (r: number, g: number, b: number) => (LITTLE_ENDIAN ? ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | 255) >>> 0);
/** Level (0..255) to a pixel. */
const LUT = Uint32Array.from({ length: 256 }, (_, i) => {
  const t = i / 255;
  const k = Math.max(0, STOPS.findIndex(([at]) => at >= t) - 1);
  const [a, ca] = STOPS[k]!;
  const [b, cb] = STOPS[Math.min(k + 1, STOPS.length - 1)]!;
  const f = b === a ? 0 : (t - a) / (b - a);
  const [red, green, blue] = ca.map((v, j) => Math.round(v + (cb[j]! - v) * f));
  return pixel(red!, green!, blue!);
});
const WHITE = pixel(255, 255, 255);
const BLACK = pixel(0, 0, 0);

const TICKS_HZ = [60, 120, 300, 1000, 3000];

/** Frequency marks at the left edge, on a backing so they read over any colour; drawn once per size. */
function drawScale(canvas: HTMLCanvasElement, maxHz: number): void {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.max(1, Math.round(canvas.clientWidth * ratio));
  canvas.height = Math.max(1, Math.round(canvas.clientHeight * ratio));
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
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
 * The last 10 s as a spectrogram: one column per 100 ms of sound (a 1024-point spectrum in 256
 * bins), frequency on a log scale from 30 Hz up, low at the bottom. A gap is a striped column:
 * a pattern, not a colour.
 *
 * The canvas holds one pixel per column and row (CSS scales it, without smoothing); each new
 * spectrum scrolls the picture by one pixel and writes one column. The frequency marks are a
 * second canvas over it, drawn only when the size changes.
 */
export function Spectrogram({ store, label, maxHz }: { store: LiveStore; label: string; maxHz: number }) {
  const ref = useLiveCanvas(store, () => spectrogramPainter(store, maxHz), [maxHz]);
  const scaleRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = scaleRef.current;
    if (!canvas) return undefined;
    let size = '';
    const observer = new ResizeObserver(() => {
      const next = `${canvas.clientWidth}x${canvas.clientHeight}x${window.devicePixelRatio}`;
      if (next === size) return;
      size = next;
      drawScale(canvas, maxHz);
    });
    observer.observe(canvas);
    return () => observer.disconnect();
  }, [maxHz]);
  return (
    <div className="live-spectrogram-box">
      <canvas ref={ref} className="live-canvas live-spectrogram" role="img" aria-label={label} />
      <canvas ref={scaleRef} className="live-spectrogram-scale" aria-hidden="true" />
    </div>
  );
}

function spectrogramPainter(store: LiveStore, maxHz: number): LivePainter {
  let drawnUpTo = -1;
  const column = new ImageData(1, ROWS);
  const pixels = new Uint32Array(column.data.buffer);
  // Which bin each row shows (row 0 at the top: the highest frequency), for the bins and bin width in use.
  const rowBin = new Int16Array(ROWS);
  let mappedFor = '';

  const mapRows = () => {
    const key = `${store.spectrumBins}/${store.binHz}`;
    if (key === mappedFor) return;
    mappedFor = key;
    for (let r = 0; r < ROWS; r += 1) {
      const hz = SPECTROGRAM_MIN_HZ * (maxHz / SPECTROGRAM_MIN_HZ) ** ((ROWS - 1 - r) / (ROWS - 1));
      rowBin[r] = Math.min(store.spectrumBins - 1, Math.round(hz / store.binHz));
    }
  };

  const drawColumn = (ctx: CanvasRenderingContext2D, g: number, x: number) => {
    const at = g % SPECTROGRAM_COLUMNS;
    if (store.spectraMissing[at] === 1) {
      for (let r = 0; r < ROWS; r += 1) pixels[r] = (ROWS - 1 - r) % 8 < 4 ? WHITE : BLACK;
    } else {
      const row = at * MAX_SPECTRUM_BINS;
      for (let r = 0; r < ROWS; r += 1) {
        const level = (store.spectra[row + rowBin[r]!]! - FLOOR_DB) / (CEILING_DB - FLOOR_DB);
        pixels[r] = LUT[level <= 0 ? 0 : level >= 1 ? 255 : Math.round(level * 255)]!;
      }
    }
    ctx.putImageData(column, x, 0);
  };

  return {
    size: () => ({ width: SPECTROGRAM_COLUMNS, height: ROWS }),
    reset: () => {
      drawnUpTo = -1;
    },
    draw: (canvas, ctx) => {
      const written = store.spectraWritten;
      if (store.spectrumBins === 0 || store.binHz === 0 || written === drawnUpTo) return;
      mapRows();
      const shown = Math.min(written, SPECTROGRAM_COLUMNS);
      const fresh = drawnUpTo < 0 ? Infinity : written - drawnUpTo;
      const from = fresh >= SPECTROGRAM_COLUMNS ? written - shown : drawnUpTo;
      if (fresh >= SPECTROGRAM_COLUMNS) ctx.clearRect(0, 0, canvas.width, canvas.height);
      else scrollLeft(canvas, ctx, fresh);
      for (let g = from; g < written; g += 1) drawColumn(ctx, g, SPECTROGRAM_COLUMNS - (written - g));
      drawnUpTo = written;
    },
  };
}
