import type { ApiErrorBody } from './errors';
import type { EventMessage, Outcome } from './envelope';
import type { EventName, EventPayload } from './events';
import type { MethodName, ParamsIn, Result } from './methods';

/**
 * What a transport must do: carry one call and its outcome, and deliver pushed events.
 * Electron's preload bridge and the serve-mode WebSocket both implement it.
 */
export interface Transport {
  call(method: string, params: unknown): Promise<Outcome>;
  onEvent(listener: (message: EventMessage) => void): () => void;
}

/** A structured error from the back end, thrown to the caller of `ApiClient.call`. */
export class ApiError extends Error {
  readonly code: ApiErrorBody['code'];
  readonly field: string | undefined;
  /** A finer reason the UI words itself (e.g. `fileErrors.<reason>`), with the values its sentence needs. */
  readonly reason: string | undefined;
  readonly values: Record<string, string> | undefined;

  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.code;
    this.field = body.field;
    this.reason = body.reason;
    this.values = body.values;
  }
}

/** The typed face of the contract for the UI: one `call` per method, one `on` per event. */
export class ApiClient {
  constructor(private readonly transport: Transport) {}

  async call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<Result<M>> {
    const outcome = await this.transport.call(method, params);
    if (!outcome.ok) throw new ApiError(outcome.error);
    return outcome.result as Result<M>;
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.transport.onEvent((message) => {
      if (message.event === event) listener(message.payload as EventPayload<E>);
    });
  }
}

/** The object the Electron preload puts on `window.signalcraft`. */
export interface PreloadBridge {
  call(method: string, params: unknown): Promise<Outcome>;
  onEvent(listener: (message: EventMessage) => void): () => void;
}
