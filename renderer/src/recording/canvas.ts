import { type RefObject, useEffect, useRef, useState } from 'react';

/** Width of an element in CSS pixels, kept current as the layout changes. */
export function useWidth<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const observer = new ResizeObserver((entries) => setWidth(Math.floor(entries[0]?.contentRect.width ?? 0)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/** A CSS custom property of the page (colours follow the light and dark themes). */
export function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

/** Sizes a canvas for the screen's pixel density and returns its 2D context, scaled to CSS pixels. */
export function prepareCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D | null {
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.max(1, Math.round(width * dpr));
  canvas.height = Math.max(1, Math.round(height * dpr));
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d');
  ctx?.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

/** Dark blue through magenta and orange to pale yellow: loud stands out, and it reads in greyscale too. */
const STOPS: [number, number, number][] = [
  [0, 0, 4],
  [40, 11, 84],
  [120, 28, 109],
  [188, 55, 84],
  [237, 105, 37],
  [251, 180, 26],
  [252, 255, 164],
];

export const HEAT: Uint8ClampedArray = (() => {
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i += 1) {
    const x = (i / 255) * (STOPS.length - 1);
    const k = Math.min(STOPS.length - 2, Math.floor(x));
    const f = x - k;
    for (let c = 0; c < 3; c += 1) lut[i * 3 + c] = STOPS[k]![c]! + (STOPS[k + 1]![c]! - STOPS[k]![c]!) * f;
  }
  return lut;
})();
