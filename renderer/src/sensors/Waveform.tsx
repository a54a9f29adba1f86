import { cssColor, useLiveCanvas } from './canvas-util';
import { type LiveStore, WAVEFORM_COLUMNS } from './live-store';

/**
 * The last 5 s of sound as min/max columns (the back end decimated them: one column per 80
 * samples at 16 kHz), newest at the right, scaled to the loudest column shown. Missing sound is a
 * hatched band as wide as the time it covers, between dashed lines: never joined over.
 */
export function Waveform({ store, label }: { store: LiveStore; label: string }) {
  const ref = useLiveCanvas(store, (canvas, ctx) => {
    const { width: w, height: h } = canvas;
    ctx.clearRect(0, 0, w, h);
    const fg = cssColor(canvas, '--fg', '#000');
    const fail = cssColor(canvas, '--fail', '#b00020');
    const muted = cssColor(canvas, '--border', '#888');
    const mid = h / 2;
    ctx.fillStyle = muted;
    ctx.fillRect(0, Math.floor(mid), w, 1);
    const n = Math.min(store.waveWritten, WAVEFORM_COLUMNS);
    let peak = 0.01;
    for (let c = 0; c < n; c += 1) {
      const i = (store.waveWritten - n + c) % WAVEFORM_COLUMNS;
      if (Number.isNaN(store.waveMin[i]!)) continue;
      peak = Math.max(peak, Math.abs(store.waveMin[i]!), Math.abs(store.waveMax[i]!));
    }
    const scale = (mid - 4) / peak;
    const columnWidth = Math.max(1, w / WAVEFORM_COLUMNS);
    const gaps: [number, number][] = [];
    ctx.fillStyle = fg;
    for (let c = 0; c < n; c += 1) {
      const i = (store.waveWritten - n + c) % WAVEFORM_COLUMNS;
      const x = ((WAVEFORM_COLUMNS - n + c) / WAVEFORM_COLUMNS) * w;
      if (Number.isNaN(store.waveMin[i]!)) {
        const last = gaps.at(-1);
        if (last && Math.abs(last[1] - x) < columnWidth * 1.5) last[1] = x + columnWidth;
        else gaps.push([x, x + columnWidth]);
        continue;
      }
      const top = mid - store.waveMax[i]! * scale;
      const bottom = mid - store.waveMin[i]! * scale;
      ctx.fillRect(x, top, columnWidth, Math.max(1, bottom - top));
    }
    // Missing data: hatched, between dashed edges (a pattern and lines, not only a colour).
    ctx.strokeStyle = fail;
    ctx.lineWidth = 2;
    for (const [from, to] of gaps) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(from, 0, to - from, h);
      ctx.clip();
      ctx.setLineDash([]);
      for (let k = from - h; k < to; k += 10) {
        ctx.beginPath();
        ctx.moveTo(k, h);
        ctx.lineTo(k + h, 0);
        ctx.stroke();
      }
      ctx.restore();
      ctx.setLineDash([8, 6]);
      ctx.lineWidth = 3;
      for (const x of [from, to]) {
        ctx.beginPath();
        ctx.moveTo(x, 0);
        ctx.lineTo(x, h);
        ctx.stroke();
      }
      ctx.lineWidth = 2;
    }
    ctx.setLineDash([]);
  });
  return <canvas ref={ref} className="live-canvas live-waveform" role="img" aria-label={label} />;
}
