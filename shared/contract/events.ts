import { z } from 'zod';
import { Settings } from './settings';

/** Everything the back end pushes to the UI without being asked, declared once. */
export const events = {
  /** Another window or client changed the register: refetch what shows this entity. */
  'register.changed': z.object({
    entity: z.enum(['site', 'asset', 'customer']),
    id: z.string(),
  }),
  'settings.changed': Settings,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const EVENT_NAMES = Object.keys(events) as EventName[];
