import type { RawData } from 'ws';
import { CallMessage, type ResultMessage } from '../../../../shared/contract';
import type { Dispatcher } from '../../platform/api/dispatcher';
import type { EventConnection } from '../../platform/api/event-hub';

/**
 * One WebSocket text frame in, one result out. Anything that is not a well-formed call envelope
 * is answered with `invalid_request` (and the id, when one can be read) instead of closing the
 * socket: a buggy or hostile client gets told, the back end carries on.
 */
export async function handleSocketMessage(
  data: RawData,
  isBinary: boolean,
  dispatcher: Dispatcher,
  connection?: EventConnection,
): Promise<ResultMessage> {
  if (isBinary) return invalid(-1, 'Binary frames are not part of the protocol; send JSON text.');
  let json: unknown;
  try {
    json = JSON.parse(rawToString(data));
  } catch {
    return invalid(-1, 'The message is not valid JSON.');
  }
  const envelope = CallMessage.safeParse(json);
  if (!envelope.success) {
    const id = (json as { id?: unknown } | null)?.id;
    return invalid(
      typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : -1,
      'The message is not a call: expected {"type":"call","id":<number>,"method":<string>,"params":<object>}.',
    );
  }
  const { id, method, params } = envelope.data;
  const outcome = await dispatcher.dispatch(method, params, connection ? { transport: 'ws', connection } : { transport: 'ws' });
  return { type: 'result', id, ...outcome };
}

function invalid(id: number, message: string): ResultMessage {
  return { type: 'result', id, ok: false, error: { code: 'invalid_request', message } };
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
