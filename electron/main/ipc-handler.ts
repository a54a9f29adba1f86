import type { IpcMainInvokeEvent } from 'electron';
import { isAppUrl, type Outcome } from '../../shared/contract';
import type { Dispatcher } from '../node/platform/api/dispatcher';
import type { EventConnection } from '../node/platform/api/event-hub';

/** The parts of Electron's invoke event this module reads; a test builds the same shape. */
export type InvokeEventLike = Pick<IpcMainInvokeEvent, 'senderFrame'> & {
  sender: { mainFrame: unknown };
};

/**
 * Only the app's own top-level page may call the back end: a frame loaded from anywhere else
 * (an injected iframe, a page reached by a navigation bug) is refused before its payload is read.
 */
export function isTrustedSender(event: InvokeEventLike): boolean {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  return isAppUrl(frame.url);
}

/** The main-process side of `signalcraft:call`: sender check, envelope check, then the dispatcher. */
export async function handleIpcCall(event: InvokeEventLike, message: unknown, dispatcher: Dispatcher, connection?: EventConnection): Promise<Outcome> {
  if (!isTrustedSender(event)) {
    return { ok: false, error: { code: 'unauthorized', message: 'Calls are accepted only from the app’s own window.' } };
  }
  if (typeof message !== 'object' || message === null || !('method' in message)) {
    return {
      ok: false,
      error: { code: 'invalid_request', message: 'The message is not a call: expected { method, params }.' },
    };
  }
  const { method, params } = message as { method: unknown; params?: unknown };
  return dispatcher.dispatch(method, params, connection ? { transport: 'ipc', connection } : { transport: 'ipc' });
}
