import { type RefObject, useEffect, useRef } from 'react';
import type { LiveStore } from './live-store';

/** Keeps a canvas's backing store at its displayed size times the pixel ratio; returns a stop function. */
function fitCanvas(canvas: HTMLCanvasElement, onResize: () => void): () => void {
  const fit = () => {
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(canvas.clientWidth * ratio));
    const height = Math.max(1, Math.round(canvas.clientHeight * ratio));
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

export function cssColor(element: Element, variable: string, fallback: string): string {
  const value = getComputedStyle(element).getPropertyValue(variable).trim();
  return value === '' ? fallback : value;
}

/**
 * A canvas drawn from a LiveStore: `draw` runs on an animation frame only when the store moved
 * (or the canvas was resized), so an idle or hidden page costs nothing.
 */
export function useLiveCanvas(
  store: LiveStore,
  draw: (canvas: HTMLCanvasElement, ctx: CanvasRenderingContext2D) => void,
  deps: unknown[] = [],
): RefObject<HTMLCanvasElement | null> {
  const ref = useRef<HTMLCanvasElement>(null);
  const drawRef = useRef(draw);
  useEffect(() => {
    drawRef.current = draw;
  });
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return undefined;
    let drawn = -1;
    const stopFit = fitCanvas(canvas, () => (drawn = -1));
    let frame = 0;
    const loop = () => {
      frame = requestAnimationFrame(loop);
      if (drawn === store.version) return;
      drawn = store.version;
      drawRef.current(canvas, ctx);
    };
    frame = requestAnimationFrame(loop);
    return () => {
      stopFit();
      cancelAnimationFrame(frame);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- redraw when the caller's inputs change
  }, [store, ...deps]);
  return ref;
}
