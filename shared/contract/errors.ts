import { z } from 'zod';

/**
 * Every failure that crosses the UI/back-end boundary is one of these codes.
 * The UI localises by code; `message` is English for logs, the CLI and support.
 */
export const ErrorCode = z.enum([
  /** The envelope itself is unusable: not JSON, no method, wrong shape. */
  'invalid_request',
  /** The method name is not in the contract. */
  'unknown_method',
  /** The params failed the method's schema; `field` names the first offending path. */
  'invalid_params',
  'not_found',
  /** A file given to import or analyse is not usable (truncated, bad header, unsupported encoding). */
  'invalid_file',
  /** The request is valid but clashes with stored data (duplicate asset tag, ...). */
  'conflict',
  /** Pairing token missing or wrong (serve mode on the LAN). */
  'unauthorized',
  /** The database could not be read or written; nothing was changed. */
  'storage_error',
  /** The operation cannot run in this state (recording running, device busy, ...). */
  'unavailable',
  /** A bug: logged with detail, answered without it. */
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ApiErrorBody = z.object({
  code: ErrorCode,
  message: z.string(),
  /** Dotted path of the offending field, e.g. `asset.assetTag`. */
  field: z.string().optional(),
  /**
   * A finer reason the UI words itself (e.g. `not_wav` for an unusable file: `fileErrors.not_wav`),
   * with the values its sentence needs (`file`). The English `message` stays for logs and the CLI.
   */
  reason: z.string().optional(),
  values: z.record(z.string(), z.string()).optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/** Thrown by back-end code to answer a structured error; anything else becomes `internal`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly detail: { reason: string; values: Record<string, string> } | undefined;

  constructor(code: ErrorCode, message: string, field?: string, detail?: { reason: string; values: Record<string, string> }) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.field = field;
    this.detail = detail;
  }

  toBody(): ApiErrorBody {
    const body: ApiErrorBody = { code: this.code, message: this.message };
    if (this.field !== undefined) body.field = this.field;
    if (this.detail) {
      body.reason = this.detail.reason;
      body.values = this.detail.values;
    }
    return body;
  }
}

/** Turns a zod failure into the structured error the UI can point at a form field with. */
export function errorFromZod(error: z.ZodError, prefix?: string): ApiErrorBody {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  const field = [prefix, path].filter((p) => p !== undefined && p !== '').join('.');
  const where = field === '' ? 'the request' : `"${field}"`;
  const body: ApiErrorBody = {
    code: 'invalid_params',
    message: `Invalid value for ${where}: ${issue?.message ?? 'does not match the expected shape'}.`,
  };
  if (field !== '') body.field = field;
  return body;
}
