import { keepPreviousData } from '@tanstack/react-query';
import { type PointerEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Recording } from '../../../shared/contract';
import { useApiQuery } from '../app/api';
import { fromBase64 } from './base64';
import { cssVar, HEAT, prepareCanvas, useWidth } from './canvas';
import { formatHz } from './format';

export type FrameRange = [number, number];

interface ViewProps {
  recording: Recording;
  range: FrameRange;
  channel: number;
  /** Play position, in frames. */
  cursor: number | null;
  onSeek: (frame: number) => void;
  /** A range dragged out with the pointer: zoom into it. */
  onSelect: (range: FrameRange) => void;
}

const WAVE_HEIGHT = 160;
const SPEC_HEIGHT = 200;

/** Click to seek, drag to zoom: shared by the waveform and the spectrogram. */
function usePointerRange(width: number, range: FrameRange, onSeek: (f: number) => void, onSelect: (r: FrameRange) => void) {
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const frameAt = (event: PointerEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const x = Math.min(Math.max(0, event.clientX - rect.left), rect.width);
    return Math.round(range[0] + (x / Math.max(1, width)) * (range[1] - range[0]));
  };
  return {
    drag,
    handlers: {
      onPointerDown: (e: PointerEvent<HTMLCanvasElement>) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        const f = frameAt(e);
        setDrag({ from: f, to: f });
      },
      onPointerMove: (e: PointerEvent<HTMLCanvasElement>) => {
        if (drag) setDrag({ ...drag, to: frameAt(e) });
      },
      onPointerUp: (e: PointerEvent<HTMLCanvasElement>) => {
        if (!drag) return;
        const to = frameAt(e);
        const [a, b] = drag.from < to ? [drag.from, to] : [to, drag.from];
        setDrag(null);
        // A short drag is a click.
        if ((b - a) / Math.max(1, range[1] - range[0]) < 0.01) onSeek(drag.from);
        else onSelect([a, b]);
      },
    },
  };
}

const xOf = (frame: number, range: FrameRange, width: number) => ((frame - range[0]) / Math.max(1, range[1] - range[0])) * width;

function drawOverlay(ctx: CanvasRenderingContext2D, props: ViewProps, width: number, height: number, drag: { from: number; to: number } | null) {
  const { recording, range, cursor } = props;
  ctx.fillStyle = cssVar('--fail', '#b00020');
  for (const gap of recording.gaps) {
    if (gap.atFrame === null || gap.atFrame < range[0] || gap.atFrame > range[1]) continue;
    const x = xOf(gap.atFrame, range, width);
    ctx.fillRect(x - 1, 0, 3, height);
    ctx.fillText('✖', x + 3, 12);
  }
  if (drag) {
    ctx.fillStyle = 'rgba(255, 159, 28, 0.3)';
    const a = xOf(Math.min(drag.from, drag.to), range, width);
    const b = xOf(Math.max(drag.from, drag.to), range, width);
    ctx.fillRect(a, 0, b - a, height);
  }
  if (cursor !== null && cursor >= range[0] && cursor <= range[1]) {
    ctx.fillStyle = cssVar('--focus', '#ff9f1c');
    ctx.fillRect(xOf(cursor, range, width) - 1, 0, 2, height);
  }
}

/** Min/max per pixel column, from the back end's decimation: a one-sample spike shows at any zoom. */
export function WaveformView(props: ViewProps) {
  const { t } = useTranslation();
  const { recording, range, channel, onSeek, onSelect } = props;
  const [box, width] = useWidth<HTMLDivElement>();
  const canvas = useRef<HTMLCanvasElement>(null);
  const buckets = Math.max(8, Math.min(4096, Math.round(width * (window.devicePixelRatio || 1))));
  const wave = useApiQuery(
    'recordings.waveform',
    { id: recording.id, fromFrame: range[0], toFrame: range[1], buckets, channel },
    { enabled: width > 0, placeholderData: keepPreviousData },
  );
  const { drag, handlers } = usePointerRange(width, range, onSeek, onSelect);

  useEffect(() => {
    const el = canvas.current;
    const data = wave.data;
    if (!el || !data || width === 0) return;
    const ctx = prepareCanvas(el, width, WAVE_HEIGHT);
    if (!ctx) return;
    ctx.fillStyle = cssVar('--surface', '#f2f4f7');
    ctx.fillRect(0, 0, width, WAVE_HEIGHT);
    // Sound is drawn against full scale; vibration against its own largest value.
    const scale = recording.stream === 'audio' ? 1 : Math.max(1e-6, ...data.max.map(Math.abs), ...data.min.map(Math.abs));
    const mid = WAVE_HEIGHT / 2;
    ctx.fillStyle = cssVar('--border', '#4a5568');
    ctx.fillRect(0, mid, width, 1);
    ctx.fillStyle = cssVar('--accent', '#0040c1');
    const n = data.max.length;
    for (let i = 0; i < n; i += 1) {
      const x0 = (i / n) * width;
      const x1 = Math.max(x0 + 1, ((i + 1) / n) * width);
      const top = mid - (data.max[i]! / scale) * mid;
      const bottom = mid - (data.min[i]! / scale) * mid;
      ctx.fillRect(x0, top, x1 - x0, Math.max(1, bottom - top));
    }
    drawOverlay(ctx, props, width, WAVE_HEIGHT, drag);
  }, [wave.data, width, props, drag, recording.stream]);

  return (
    <div ref={box} className="signal-view">
      <canvas ref={canvas} role="img" aria-label={t('recording.viewer.waveform')} data-buckets={wave.data?.max.length ?? 0} {...handlers} />
    </div>
  );
}

/** Short-time spectrum over the same range: time left to right, frequency bottom to top. */
export function SpectrogramView(props: ViewProps) {
  const { t } = useTranslation();
  const { recording, range, channel, onSeek, onSelect } = props;
  const [box, width] = useWidth<HTMLDivElement>();
  const canvas = useRef<HTMLCanvasElement>(null);
  const columns = Math.max(8, Math.min(1024, Math.round(width / 2)));
  const spec = useApiQuery(
    'recordings.spectrogram',
    { id: recording.id, fromFrame: range[0], toFrame: range[1], columns, channel },
    { enabled: width > 0, placeholderData: keepPreviousData },
  );
  const { drag, handlers } = usePointerRange(width, range, onSeek, onSelect);

  useEffect(() => {
    const el = canvas.current;
    const data = spec.data;
    if (!el || !data || width === 0 || data.columns === 0) return;
    const ctx = prepareCanvas(el, width, SPEC_HEIGHT);
    if (!ctx) return;
    const levels = fromBase64(data.levels);
    const image = new ImageData(data.columns, data.bins);
    for (let c = 0; c < data.columns; c += 1) {
      for (let b = 0; b < data.bins; b += 1) {
        const v = levels[c * data.bins + b]!;
        const o = ((data.bins - 1 - b) * data.columns + c) * 4;
        image.data[o] = HEAT[v * 3]!;
        image.data[o + 1] = HEAT[v * 3 + 1]!;
        image.data[o + 2] = HEAT[v * 3 + 2]!;
        image.data[o + 3] = 255;
      }
    }
    const offscreen = document.createElement('canvas');
    offscreen.width = data.columns;
    offscreen.height = data.bins;
    offscreen.getContext('2d')?.putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(offscreen, 0, 0, width, SPEC_HEIGHT);
    ctx.font = '12px system-ui, sans-serif';
    ctx.fillStyle = '#ffffff';
    ctx.fillText(formatHz(data.maxHz), 4, 12);
    ctx.fillText('0 Hz', 4, SPEC_HEIGHT - 4);
    drawOverlay(ctx, props, width, SPEC_HEIGHT, drag);
  }, [spec.data, width, props, drag]);

  return (
    <div ref={box} className="signal-view">
      <canvas
        ref={canvas}
        role="img"
        aria-label={t('recording.viewer.spectrogram', { max: spec.data ? formatHz(spec.data.maxHz) : '' })}
        data-columns={spec.data?.columns ?? 0}
        {...handlers}
      />
      {spec.data ? <p className="muted small">{t('recording.viewer.dbRange', { min: spec.data.dbMin, max: spec.data.dbMax })}</p> : null}
    </div>
  );
}
