import { AppError } from '../../../shared/contract';

/**
 * A file that cannot be used as a recording: says which file, what is wrong with it, and what to
 * do. Thrown before anything is stored, so a refused import leaves nothing behind.
 */
export class SignalFileError extends AppError {
  readonly file: string;
  readonly reason: string;

  constructor(file: string, reason: string, advice: string) {
    super('invalid_file', `${file} ${reason}. ${advice}`, 'file');
    this.name = 'SignalFileError';
    this.file = file;
    this.reason = reason;
  }
}
