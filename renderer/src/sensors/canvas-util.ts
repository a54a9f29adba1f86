/** Keeps a canvas's backing store at its displayed size times the pixel ratio; returns a stop function. */
export function fitCanvas(canvas: HTMLCanvasElement, onResize: () => void): () => void {
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

/** Runs `draw` on animation frames while `changed()` says there is something new. */
export function animate(changed: () => boolean, draw: () => void): () => void {
  let frame = 0;
  const loop = () => {
    frame = requestAnimationFrame(loop);
    if (changed()) draw();
  };
  frame = requestAnimationFrame(loop);
  return () => cancelAnimationFrame(frame);
}
