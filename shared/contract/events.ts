import type { z } from 'zod';
import { activityEvents } from './activity';
import { appEvents } from './app';
import { recordingEvents } from './recording';
import { diagnosisEvents } from './diagnosis';
import { registerEvents } from './register';
import { sensorsEvents } from './sensors';
import { firmwareEvents } from './firmware';
import { reportsEvents } from './reports';
import { syncEvents } from './sync';
import { shippingEvents } from './shipping';
import { insightEvents } from './insight';
import { verdictEvents } from './verdict';
import { refrigerationEvents } from './refrigeration';

/** Everything the back end pushes to the UI without being asked, declared once (one line per feature). */
export const events = {
  ...appEvents,
  ...activityEvents,
  ...registerEvents,
  ...sensorsEvents,
  ...firmwareEvents,
  ...recordingEvents,
  ...syncEvents,
  ...reportsEvents,
  ...diagnosisEvents,
  ...shippingEvents,
  ...insightEvents,
  ...verdictEvents,
  ...refrigerationEvents,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const EVENT_NAMES = Object.keys(events) as EventName[];
