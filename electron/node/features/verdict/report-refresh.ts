import type { EventPayload } from '../../../../shared/contract';
import type { EventHub } from '../../platform/api/event-hub';
import type { Logger } from '../../platform/logging/log';

export interface ReportRefreshOptions {
  events: EventHub;
  log: Logger;
  /** Makes a new PDF in the language of the visit's latest one; null when the visit has no PDF yet. */
  rerender(visitId: string): Promise<unknown>;
  hasReport(visitId: string): boolean;
  /** Queues a new upload of the visit if it was queued before (a new revision on the server). */
  resend(visitId: string): void;
}

/**
 * The one place that decides what follows a change of a visit's verdict (a late diagnosis,
 * "diagnose again", a new recording, an override): the customer's PDF is made again, so it never
 * says something the app no longer thinks, and the visit is sent again, so the server gets a new
 * revision with the new verdict. Making the PDF queues the upload itself (the reports feature's
 * change hook); a visit without a PDF is only re-sent. Renders of one visit never overlap: a
 * change that arrives during one is followed by one more.
 */
export function reportRefresh(options: ReportRefreshOptions): { close(): Promise<void>; idle(): Promise<void> } {
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();
  let closed = false;

  const run = (visitId: string): Promise<void> => {
    const job = (async () => {
      do {
        again.delete(visitId);
        try {
          if (options.hasReport(visitId)) await options.rerender(visitId);
          else options.resend(visitId);
        } catch (error) {
          options.log.warn({ err: error, visitId }, 'the report could not be made again after its verdict changed');
        }
      } while (again.has(visitId) && !closed);
    })().finally(() => running.delete(visitId));
    running.set(visitId, job);
    return job;
  };

  const unsubscribe = options.events.subscribe((message) => {
    if (message.event !== 'visits.verdictChanged' || closed) return;
    const { visitId } = message.payload as EventPayload<'visits.verdictChanged'>;
    if (running.has(visitId)) again.add(visitId);
    else void run(visitId);
  });

  const idle = async () => {
    while (running.size > 0) await Promise.all(running.values());
  };
  return {
    idle,
    close: async () => {
      closed = true;
      unsubscribe();
      await idle();
    },
  };
}
