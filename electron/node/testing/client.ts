import { ApiClient } from '../../../shared/contract';
import type { Backend } from '../hosts/backend';

/**
 * The contract's own typed client over a back end's dispatcher, as the UI's transports see it:
 * one `call` per method (params and result typed by the contract, errors thrown as `ApiError`),
 * one `on` per event. Tests use it instead of hand-made `call` helpers, so a renamed method or a
 * changed result shape fails type-checking in every test that uses it.
 */
export function testClient(backend: Pick<Backend, 'dispatcher' | 'events'>): ApiClient {
  return new ApiClient({
    call: (method, params) => backend.dispatcher.dispatch(method, params, { transport: 'test' }),
    onEvent: (listener) => backend.events.subscribe(listener),
  });
}
