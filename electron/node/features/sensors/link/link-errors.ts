import type { SensorProblemCode } from '../../../../../shared/contract/sensors';

export interface SensorProblem {
  code: SensorProblemCode;
  message: string;
}

/**
 * Why a sensor could not be reached or kept, decided where it went wrong: the Sensors page words
 * `problem` from its catalogue, the message is for the log. Classifying a caught error by its
 * text broke whenever a message was reworded, so nothing reads the message to decide.
 */
export class SensorLinkError extends Error {
  constructor(
    readonly problem: SensorProblemCode,
    message: string,
  ) {
    super(message);
    this.name = 'SensorLinkError';
  }
}

/** The problem shown for a failed attempt; an error nobody classified is a failed connection. */
export function problemOf(error: unknown): SensorProblem {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof SensorLinkError) return { code: error.problem, message };
  return { code: 'connect_failed', message };
}
