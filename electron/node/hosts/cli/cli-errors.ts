import { AppError, type ApiErrorBody } from '../../../../shared/contract';
import { type Catalog, en } from '../../../../shared/i18n/en';
import { ko } from '../../../../shared/i18n/ko';
import { fill } from '../../features/reports';
import { StorageError } from '../../platform/storage/errors';
import type { Lang } from './format-diagnosis';

/** Typed as they are, in either language. */
const COMMANDS = { repair: '"signalcraft-field repair-db"', restore: '"signalcraft-field restore-db"' };

type ErrorFacts = Pick<ApiErrorBody, 'code' | 'message' | 'reason' | 'values'>;

/**
 * An error as the technician reads it on stderr: the catalogue's sentence in their language (the
 * same one the visit page shows for that file), then the error code support asks for. The back
 * end's English message is for logs; it follows as a detail only in English, so Korean output has
 * no English sentence in it.
 */
export function cliErrorText(error: ErrorFacts, lang: Lang, sentenceOf: (c: Catalog) => string | undefined = () => undefined): string {
  const catalog = lang === 'ko' ? ko : en;
  const byReason = error.reason ? (catalog.fileErrors as Record<string, string>)[error.reason] : undefined;
  const sentence = sentenceOf(catalog) ?? (byReason ? fill(byReason, error.values ?? {}) : catalog.errors.code[error.code]);
  const lines = [fill(catalog.ui.cli.error, { sentence, code: error.code })];
  if (lang === 'en' && error.message !== sentence) lines.push(`  ${fill(catalog.ui.cli.detail, { message: error.message })}`);
  return lines.join('\n');
}

/** The same for anything thrown up to the top of the CLI: the back end's errors by their code, others as they are (a bug's words). */
export function thrownErrorText(error: unknown, lang: Lang): string {
  if (error instanceof StorageError) return cliErrorText({ code: error.code, message: error.message }, lang, (c) => fill(c.ui.cli.storage[error.problem], COMMANDS));
  if (error instanceof AppError) return cliErrorText({ code: error.code, message: error.message, ...(error.detail ? { reason: error.detail.reason, values: error.detail.values } : {}) }, lang);
  return error instanceof Error ? error.message : String(error);
}

/** Rethrows a dispatcher's failed answer as the error it was, so the top of the CLI can word it. */
export function appErrorOf(body: ApiErrorBody): AppError {
  return new AppError(body.code, body.message, body.field, body.reason ? { reason: body.reason, values: body.values ?? {} } : undefined);
}
