import { z } from 'zod';
import type { ApiErrorBody } from './errors';

/**
 * Wire messages. Both transports carry the same envelopes: Electron IPC passes them as
 * structured clones, the WebSocket as JSON text.
 */

/** UI -> back end. `params` stays unknown here: the dispatcher validates it per method. */
export const CallMessage = z.object({
  type: z.literal('call'),
  id: z.number().int().nonnegative(),
  method: z.string().min(1).max(100),
  params: z.unknown(),
});
export type CallMessage = z.infer<typeof CallMessage>;

export type Outcome<T = unknown> = { ok: true; result: T } | { ok: false; error: ApiErrorBody };

/** Back end -> UI, answering one call. */
export type ResultMessage = { type: 'result'; id: number } & Outcome;

/** Back end -> UI, unprompted. */
export type EventMessage = { type: 'event'; event: string; payload: unknown };

export type ServerMessage = ResultMessage | EventMessage;
