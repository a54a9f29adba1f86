import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/contract';
import { StorageError } from '../../platform/storage/errors';
import { thrownErrorText } from './cli-errors';

/** What reaches the top of the CLI is worded from the catalogues, with its code; English keeps its detail. */
describe('thrownErrorText', () => {
  const refused = new StorageError('database_foreign', 'The file /data/signalcraft.db is a SQLite database of another program. It was not modified.');

  it('words a refused database in Korean without the English message', () => {
    const text = thrownErrorText(refused, 'ko');
    expect(text).toBe('다른 프로그램의 데이터베이스입니다. 파일은 바뀌지 않았습니다. --data-dir을 시그널크래프트 데이터 폴더로 지정하세요. (오류 코드: storage_error)');
  });

  it('keeps the English message as a detail in English', () => {
    const text = thrownErrorText(refused, 'en');
    expect(text).toContain('This database belongs to another program. It was not changed. Point --data-dir at a SignalCraft Field data folder. (error code: storage_error)');
    expect(text).toContain('Detail: The file /data/signalcraft.db is a SQLite database of another program.');
  });

  it('words other back-end errors by their code', () => {
    expect(thrownErrorText(new AppError('unavailable', 'The diagnosis engine is shut down.'), 'ko')).toBe('지금은 할 수 없습니다. (오류 코드: unavailable)');
  });
});

describe('a damaged database', () => {
  it('names the commands to run, in Korean too', () => {
    const text = thrownErrorText(new StorageError('database_corrupt', 'The database /d/signalcraft.db is damaged and was not modified.'), 'ko');
    expect(text).toBe('데이터베이스가 손상되었습니다. 파일은 바뀌지 않았습니다. "signalcraft-field repair-db"로 복구하거나 "signalcraft-field restore-db"로 백업을 되돌리세요. (오류 코드: storage_error)');
  });
});
