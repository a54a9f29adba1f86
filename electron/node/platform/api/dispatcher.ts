import {
  AppError,
  errorFromZod,
  isMethodName,
  methods,
  type MethodName,
  type Outcome,
  type Params,
  type Result,
} from '../../../../shared/contract';
import type { Logger } from '../logging/log';
import type { EventConnection } from './event-hub';

/** Who is calling: used in logs, and by handlers that behave differently per transport. */
export interface CallContext {
  transport: 'ipc' | 'ws' | 'cli' | 'test';
  /** The UI connection the call came from (a window, a WebSocket): what a subscription belongs to. */
  connection?: EventConnection;
}

export type Handler<M extends MethodName> = (params: Params<M>, ctx: CallContext) => Result<M> | Promise<Result<M>>;

/** One handler per method of the contract: the compiler rejects a missing or mistyped one. */
export type Handlers = { [M in MethodName]: Handler<M> };

export interface DispatcherOptions {
  /**
   * Check every result against its schema before it leaves. On in development and tests so
   * that a handler drifting from the contract fails loudly; a failure is answered as `internal`.
   */
  validateResults?: boolean;
  /** Turns known low-level failures (SQLite's disk full, ...) into an `AppError` a person can act on. */
  explainError?: (error: unknown) => unknown;
  /** Told about every unexpected failure (a bug): crash reporting sends it, if the technician agreed. */
  onInternalError?: (error: unknown, method: MethodName) => void;
  /** A promise a call must wait for before its handler runs (start-up recovery), or null to go ahead. */
  gate?: (method: MethodName) => Promise<unknown> | null;
}

/**
 * The single entry point for every call from any transport. It never throws and never lets a
 * payload crash the back end: whatever arrives gets an `Outcome`, and only a handler's own
 * `AppError` reaches the caller with its detail; anything else is logged and answered `internal`.
 */
export class Dispatcher {
  private readonly validateResults: boolean;
  private readonly explainError: (error: unknown) => unknown;
  private readonly onInternalError: (error: unknown, method: MethodName) => void;
  private readonly gate: (method: MethodName) => Promise<unknown> | null;

  constructor(
    private readonly handlers: Handlers,
    private readonly log: Logger,
    options: DispatcherOptions = {},
  ) {
    this.validateResults = options.validateResults ?? false;
    this.explainError = options.explainError ?? ((error) => error);
    this.onInternalError = options.onInternalError ?? (() => undefined);
    this.gate = options.gate ?? (() => null);
  }

  async dispatch(method: unknown, params: unknown, ctx: CallContext): Promise<Outcome> {
    if (!isMethodName(method)) {
      const shown = typeof method === 'string' ? `"${method.slice(0, 100)}"` : `a ${typeof method}`;
      return {
        ok: false,
        error: { code: 'unknown_method', message: `There is no method ${shown} in this version of the app.`, field: 'method' },
      };
    }
    const parsed = methods[method].params.safeParse(params ?? {});
    if (!parsed.success) return { ok: false, error: errorFromZod(parsed.error) };

    const wait = this.gate(method);
    if (wait) await wait;
    try {
      const handler = this.handlers[method] as Handler<MethodName>;
      const result = await handler(parsed.data as Params<MethodName>, ctx);
      if (this.validateResults) {
        const checked = methods[method].result.safeParse(result);
        if (!checked.success) {
          this.log.error({ method, issues: checked.error.issues.slice(0, 5) }, 'handler result does not match the contract');
          return { ok: false, error: { code: 'internal', message: `The back end answered ${method} with data that does not match the contract.` } };
        }
      }
      return { ok: true, result };
    } catch (thrown) {
      const error = this.explainError(thrown);
      if (error instanceof AppError) return { ok: false, error: error.toBody() };
      this.log.error({ err: error, method, transport: ctx.transport }, 'handler failed');
      try {
        this.onInternalError(error, method);
      } catch {
        // reporting must never turn one failure into two
      }
      return {
        ok: false,
        // Not "it has been logged": on a full or failing disk the log may not have been written (issue 14).
        error: { code: 'internal', message: `Something went wrong while running ${method}. Please try again; if it keeps happening, make a diagnostics bundle on the About page.` },
      };
    }
  }
}
