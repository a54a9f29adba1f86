import { describe, expect, it } from 'vitest';
import { fileErrorsEn, fileErrorsKo } from '../../../../shared/i18n/file-errors';
import { FILE_PROBLEMS, fileProblemOf, SignalFileError } from './errors';
import { decodeWav } from './wav';

/** An unusable file's error carries a reason code the UI words itself: no English reaches a Korean screen. */
describe('file problems', () => {
  it('a file that is not a WAV answers invalid_file with the reason not_wav and the file name', () => {
    let error: unknown;
    try {
      decodeWav(new Uint8Array(Buffer.from('this is not audio at all')), 'fake.wav');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SignalFileError);
    expect((error as SignalFileError).toBody()).toMatchObject({ code: 'invalid_file', field: 'file', reason: 'not_wav', values: { file: 'fake.wav' } });
  });

  it('every reason the readers give is recognised, and every problem has its words in both languages', () => {
    const reasons: [string, string][] = [
      ['is too short to be a WAV file', 'damaged'],
      ['is not a FLAC file (no "fLaC" marker)', 'not_flac'],
      ['is not readable as CSV (Invalid Record Length)', 'not_csv'],
      ['has a type this app does not read (.mp3)', 'unsupported_type'],
      ['does not exist', 'missing'],
      ['is 1.4 GB', 'too_large'],
      ['has 3 damaged frame(s) (first: bad crc)', 'damaged'],
      ['contains no samples', 'empty'],
      ['has readings but no time or timestamp column', 'csv_time'],
      ['has "x" in column "a" on data line 3, which is not a number', 'csv_number'],
      ['has an unsupported sample size (12-bit)', 'unsupported_format'],
    ];
    for (const [reason, code] of reasons) expect(fileProblemOf(reason), reason).toBe(code);
    for (const p of FILE_PROBLEMS) {
      expect(fileErrorsEn[p], p).toContain('{{file}}');
      expect(fileErrorsKo[p], p).toContain('{{file}}');
    }
  });
});
