import { Button } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export type Stroke = [number, number][];

const WIDTH = 600;
const HEIGHT = 200;

/**
 * A box the customer signs in with a finger, a pen or a mouse (pointer events cover all three).
 * Strokes are kept as points in the pad's own 600 x 200 space whatever size the box is shown at,
 * so the PDF can draw them as crisp vector lines.
 */
export function SignaturePad({ onChange, disabled }: { onChange: (strokes: Stroke[]) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [strokes, setStrokes] = useState<Stroke[]>([]);
  const current = useRef<Stroke | null>(null);

  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    ctx.clearRect(0, 0, WIDTH, HEIGHT);
    ctx.strokeStyle = '#0f0f0f';
    ctx.lineWidth = 2.5;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    for (const stroke of strokes) drawStroke(ctx, stroke);
  }, [strokes]);

  const point = (event: React.PointerEvent<HTMLCanvasElement>): [number, number] => {
    const rect = event.currentTarget.getBoundingClientRect();
    return [((event.clientX - rect.left) / rect.width) * WIDTH, ((event.clientY - rect.top) / rect.height) * HEIGHT];
  };

  const onPointerDown = (event: React.PointerEvent<HTMLCanvasElement>) => {
    if (disabled) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    current.current = [point(event)];
  };
  const onPointerMove = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const stroke = current.current;
    if (!stroke) return;
    stroke.push(point(event));
    const ctx = canvas.current?.getContext('2d');
    if (ctx && stroke.length >= 2) drawStroke(ctx, stroke.slice(-2));
  };
  const onPointerUp = () => {
    const stroke = current.current;
    current.current = null;
    if (!stroke) return;
    const next = [...strokes, stroke];
    setStrokes(next);
    onChange(next);
  };

  const clear = () => {
    setStrokes([]);
    onChange([]);
  };

  return (
    <div className="signature-pad">
      <canvas
        ref={canvas}
        width={WIDTH}
        height={HEIGHT}
        role="img"
        aria-label={t('reports.signature.pad')}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
      />
      <Button variant="default" onClick={clear} disabled={disabled || strokes.length === 0}>
        {t('reports.signature.clear')}
      </Button>
    </div>
  );
}

export const SIGNATURE_SIZE = { width: WIDTH, height: HEIGHT };

function drawStroke(ctx: CanvasRenderingContext2D, stroke: Stroke) {
  const [first, ...rest] = stroke;
  if (!first) return;
  ctx.beginPath();
  ctx.moveTo(first[0], first[1]);
  if (rest.length === 0) ctx.lineTo(first[0] + 0.5, first[1] + 0.5);
  for (const [x, y] of rest) ctx.lineTo(x, y);
  ctx.stroke();
}
