import { cssColor, type LivePainter, scrollLeft, useLiveCanvas } from './canvas-util';
import { type LiveStore, WAVEFORM_COLUMNS } from './live-store';

/** The vertical scale moves in steps of this factor (about 2 dB), so it is not redrawn for every small change. */
const SCALE_STEP = 1.25;
const LOG_STEP = Math.log(SCALE_STEP);
/** Colours are read from the page's theme at most this often (reading them can force a style pass). */
const COLOURS_EVERY_MS = 2000;
const HATCH = 10;

/**
 * The last 5 s of sound as min/max columns (the back end decimated them: one column per 80
 * samples at 16 kHz), newest at the right, scaled to the loudest column shown. Missing sound is a
 * hatched band as wide as the time it covers, between dashed edges: never joined over.
 *
 * One backing pixel per column (CSS stretches it to the page): each frame scrolls the picture by
 * the columns that arrived and draws only those; everything is drawn again only when the scale
 * steps, the theme changes or the canvas is resized.
 */
export function Waveform({ store, label }: { store: LiveStore; label: string }) {
  const ref = useLiveCanvas(store, () => waveformPainter(store));
  return <canvas ref={ref} className="live-canvas live-waveform" role="img" aria-label={label} />;
}

function waveformPainter(store: LiveStore): LivePainter {
  let drawnUpTo = -1; // store.waveWritten at the last drawing; -1: draw everything
  let scaleStep = Number.NaN;
  let fg = '#000';
  let fail = '#b00020';
  let muted = '#888';
  let coloursAt = -Infinity;
  let hatch: CanvasPattern | null = null;
  let hatchMatrix: DOMMatrix | null = null;

  const isGap = (g: number) => g >= 0 && g < store.waveWritten && Number.isNaN(store.waveMin[g % WAVEFORM_COLUMNS]!);

  /** Columns [from, to) of the store (absolute indices) at their place in a canvas `width` wide. */
  const drawColumns = (canvas: HTMLCanvasElement, ctx: CanvasRenderingContext2D, from: number, to: number) => {
    const { width: w, height: h } = canvas;
    const mid = Math.floor(h / 2);
    const scale = (mid - 4) / SCALE_STEP ** scaleStep;
    const x0 = w - (store.waveWritten - from); // where column `from` goes
    ctx.fillStyle = muted;
    ctx.fillRect(x0, mid, to - from, 1);
    ctx.fillStyle = fg;
    let gaps = false;
    for (let g = from; g < to; g += 1) {
      const i = g % WAVEFORM_COLUMNS;
      const lo = store.waveMin[i]!;
      if (Number.isNaN(lo)) {
        gaps = true;
        continue;
      }
      const top = mid - store.waveMax[i]! * scale;
      const bottom = mid - lo * scale;
      ctx.fillRect(x0 + g - from, top, 1, Math.max(1, bottom - top));
    }
    const endsGap = isGap(from - 1) && !isGap(from);
    if (!gaps && !endsGap) return;
    // Missing data: hatched, between dashed edges (a pattern and lines, not only a colour). The
    // hatch is anchored to the columns, so it scrolls with them and joins up across frames.
    if (hatch && hatchMatrix) {
      hatchMatrix.e = (((w - store.waveWritten) % HATCH) + HATCH) % HATCH;
      hatch.setTransform(hatchMatrix);
    }
    for (let g = from; g < to; g += 1) {
      const x = x0 + g - from;
      if (isGap(g)) {
        ctx.fillStyle = hatch ?? fail;
        ctx.fillRect(x, 0, 1, h);
        if (!isGap(g - 1) || !isGap(g - 2)) dashed(ctx, fail, x, h);
      } else if (isGap(g - 1)) {
        // The gap ended: its last two columns become its dashed right edge.
        dashed(ctx, fail, x - 1, h);
        if (isGap(g - 2)) dashed(ctx, fail, x - 2, h);
      }
    }
  };

  return {
    size: (_w, displayHeight) => ({ width: WAVEFORM_COLUMNS, height: displayHeight }),
    reset: () => {
      drawnUpTo = -1;
    },
    draw: (canvas, ctx) => {
      const now = performance.now();
      if (now - coloursAt > COLOURS_EVERY_MS) {
        coloursAt = now;
        const next = [cssColor(canvas, '--fg', '#000'), cssColor(canvas, '--fail', '#b00020'), cssColor(canvas, '--border', '#888')] as const;
        if (next[0] !== fg || next[1] !== fail || next[2] !== muted || hatch === null) {
          [fg, fail, muted] = next;
          hatch = hatchPattern(ctx, fail);
          hatchMatrix = new DOMMatrix();
          drawnUpTo = -1;
        }
      }
      const written = store.waveWritten;
      const shown = Math.min(written, WAVEFORM_COLUMNS);
      let peak = 0.01;
      for (let c = written - shown; c < written; c += 1) {
        const i = c % WAVEFORM_COLUMNS;
        const lo = store.waveMin[i]!;
        if (Number.isNaN(lo)) continue;
        const hi = store.waveMax[i]!;
        if (-lo > peak) peak = -lo;
        if (hi > peak) peak = hi;
      }
      const step = Math.ceil(Math.log(peak) / LOG_STEP);
      if (step !== scaleStep) {
        scaleStep = step;
        drawnUpTo = -1;
      }
      const fresh = drawnUpTo < 0 ? Infinity : written - drawnUpTo;
      if (fresh >= canvas.width) {
        ctx.clearRect(0, 0, canvas.width, canvas.height);
        drawColumns(canvas, ctx, written - shown, written);
      } else if (fresh > 0) {
        scrollLeft(canvas, ctx, fresh);
        drawColumns(canvas, ctx, drawnUpTo, written);
      }
      drawnUpTo = written;
    },
  };
}

function dashed(ctx: CanvasRenderingContext2D, colour: string, x: number, h: number): void {
  ctx.fillStyle = colour;
  for (let y = 0; y < h; y += 14) ctx.fillRect(x, y, 1, 8);
}

function hatchPattern(ctx: CanvasRenderingContext2D, colour: string): CanvasPattern | null {
  const tile = new OffscreenCanvas(HATCH, HATCH);
  const t = tile.getContext('2d');
  if (!t) return null;
  t.strokeStyle = colour;
  t.lineWidth = 2;
  t.beginPath();
  t.moveTo(0, HATCH);
  t.lineTo(HATCH, 0);
  t.stroke();
  return ctx.createPattern(tile, 'repeat');
}
