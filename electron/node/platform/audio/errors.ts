import { AppError } from '../../../../shared/contract';

/**
 * A file that cannot be used as a recording: says which file, what is wrong with it, and what to
 * do. Thrown before anything is stored, so a refused import leaves nothing behind.
 */
export class SignalFileError extends AppError {
  readonly file: string;
  readonly reason: string;

  constructor(file: string, reason: string, advice: string) {
    // The UI says it in its own words from the reason code (shared/i18n/file-errors.ts); the English stays for logs.
    super('invalid_file', `${file} ${reason}. ${advice}`, 'file', { reason: fileProblemOf(reason), values: { file } });
    this.name = 'SignalFileError';
    this.file = file;
    this.reason = reason;
  }
}

export const FILE_PROBLEMS = ['not_wav', 'not_flac', 'not_csv', 'unsupported_type', 'missing', 'too_large', 'damaged', 'empty', 'csv_time', 'csv_number', 'unsupported_format', 'unreadable'] as const;
export type FileProblem = (typeof FILE_PROBLEMS)[number];

/** Which of the problems the UI can word the English reason is (first match wins; `unreadable` when none does). */
export function fileProblemOf(reason: string): FileProblem {
  const rules: [RegExp, FileProblem][] = [
    [/^is not a WAV file|^is an RF64/, 'not_wav'],
    [/^is not a FLAC file/, 'not_flac'],
    [/^is not readable as CSV/, 'not_csv'],
    [/^has a type this app does not read|^is a folder/, 'unsupported_type'],
    [/^does not exist|^cannot be read/, 'missing'],
    [/ GB$|too much to import|rows$/, 'too_large'],
    [/damaged|checksum|truncated|too short to be/, 'damaged'],
    [/no data rows|contains no samples|no sample data|no audio/, 'empty'],
    [/time column|timestamp column|unreadable time|time or timestamp/, 'csv_time'],
    [/not a number/, 'csv_number'],
    [/sample rate|channels|sample size|frame size|format|STREAMINFO|frames/, 'unsupported_format'],
  ];
  return rules.find(([re]) => re.test(reason))?.[1] ?? 'unreadable';
}
