import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';

export type NoticeTone = 'error' | 'warn' | 'info' | 'ok';

/** Shape as well as colour, so the tone reads without colour and in sunlight. */
const LOOK: Record<NoticeTone, { color: string; shape: string }> = {
  error: { color: 'red', shape: '✖' },
  warn: { color: 'orange', shape: '▲' },
  info: { color: 'blue', shape: 'ℹ' },
  ok: { color: 'green', shape: '✔' },
};

/**
 * A message box above or inside a form: Mantine's Alert, outlined in the tone's colour (tuned for
 * contrast in theme.css). Errors interrupt (role alert); the rest are announced politely.
 */
export function Notice({ tone, title, children, action }: { tone: NoticeTone; title?: ReactNode; children?: ReactNode; action?: ReactNode }) {
  const look = LOOK[tone];
  return (
    <Alert
      variant="outline"
      color={look.color}
      role={tone === 'error' ? 'alert' : 'status'}
      icon={<span aria-hidden="true">{look.shape}</span>}
      title={title}
      my="sm"
      className="notice-box"
    >
      {children}
      {action}
    </Alert>
  );
}
