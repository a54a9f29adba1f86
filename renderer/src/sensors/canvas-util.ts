import { type RefObject, useEffect, useRef } from 'react';
import type { LiveStore } from './live-store';

export function cssColor(element: Element, variable: string, fallback: string): string {
  const value = getComputedStyle(element).getPropertyValue(variable).trim();
  return value === '' ? fallback : value;
}

/**
 * Draws a live canvas incrementally. The canvas's backing store has the painter's own size (one
 * pixel per data column, say) and CSS scales it to the page, so scrolling is a whole-pixel copy
 * and only new columns are drawn.
 */
export interface LivePainter {
  /** Backing-store size for the displayed size (CSS pixels times the pixel ratio). */
  size(displayWidth: number, displayHeight: number): { width: number; height: number };
  /** Everything must be drawn again at the next `draw` (resized, cleared, inputs changed). */
  reset(): void;
  /** Draws what is new since the last call. */
  draw(canvas: HTMLCanvasElement, ctx: CanvasRenderingContext2D): void;
}

/** Keeps a canvas's backing store at the painter's size for its displayed size; returns a stop function. */
function fitCanvas(canvas: HTMLCanvasElement, painter: LivePainter, onResize: () => void): () => void {
  const fit = () => {
    const ratio = window.devicePixelRatio || 1;
    const { width, height } = painter.size(Math.max(1, Math.round(canvas.clientWidth * ratio)), Math.max(1, Math.round(canvas.clientHeight * ratio)));
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
      onResize();
    }
  };
  fit();
  const observer = new ResizeObserver(fit);
  observer.observe(canvas);
  return () => observer.disconnect();
}

/**
 * A canvas drawn from a LiveStore: an animation frame is requested only when the store moved
 * (or the canvas was resized), so an idle or hidden page costs nothing, and the painter draws only
 * what is new. `deps` make a new painter (and a full drawing) when the caller's inputs change.
 */
export function useLiveCanvas(store: LiveStore, makePainter: () => LivePainter, deps: unknown[] = []): RefObject<HTMLCanvasElement | null> {
  const ref = useRef<HTMLCanvasElement>(null);
  const makeRef = useRef(makePainter);
  useEffect(() => {
    makeRef.current = makePainter;
  });
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return undefined;
    const painter = makeRef.current();
    let drawn = -1;
    let frame = 0;
    // One animation frame per change of the store (or resize), none while nothing arrives.
    const draw = () => {
      frame = 0;
      if (drawn === store.version) return;
      drawn = store.version;
      painter.draw(canvas, ctx);
    };
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(draw);
    };
    const stopFit = fitCanvas(canvas, painter, () => {
      painter.reset();
      drawn = -1;
      schedule();
    });
    const offStore = store.subscribe(schedule);
    schedule();
    return () => {
      stopFit();
      offStore();
      cancelAnimationFrame(frame);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new painter when the caller's inputs change
  }, [store, ...deps]);
  return ref;
}

/** Moves the canvas's picture `columns` pixels to the left (the oldest columns fall off). */
export function scrollLeft(canvas: HTMLCanvasElement, ctx: CanvasRenderingContext2D, columns: number): void {
  const { width, height } = canvas;
  if (columns <= 0) return;
  if (columns >= width) {
    ctx.clearRect(0, 0, width, height);
    return;
  }
  ctx.globalCompositeOperation = 'copy';
  ctx.drawImage(canvas, columns, 0, width - columns, height, 0, 0, width - columns, height);
  ctx.globalCompositeOperation = 'source-over';
  ctx.clearRect(width - columns, 0, columns, height);
}
