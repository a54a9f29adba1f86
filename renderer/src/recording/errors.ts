import i18next, { type TFunction } from 'i18next';
import { ApiError } from '../../../shared/contract';
import { apiErrorMessage } from '../components/errors';

/**
 * The back end's English detail, only where the UI speaks English: in Korean a sentence never
 * carries English inside it, so the localised line stands alone.
 */
function englishDetail(error: ApiError): string {
  return i18next.language.startsWith('en') ? error.message : '';
}

/**
 * Recording's errors in the technician's language. A refused file says why in the catalogue's
 * words (the back end's reason key and values), never the back end's English inside Korean.
 */
export function recordingErrorMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    if (error.field === 'disk') return t('recording.errors.disk', { detail: englishDetail(error) }).trim();
    if (error.code === 'invalid_file') {
      return t('recording.errors.invalidFile', { detail: error.reason ? t(`fileErrors.${error.reason}`, error.values ?? {}) : englishDetail(error) }).trim();
    }
    if (error.code === 'not_found' && error.field === 'source.deviceIds') return t('recording.errors.sensorGone');
    if (error.code === 'unavailable' && error.field === 'source.deviceIds') return t('recording.errors.sensorBusy');
    if (error.code === 'conflict' && error.field === 'sessionId') return t('recording.errors.closed');
    if (error.code === 'unavailable') return t('recording.errors.busy', { detail: englishDetail(error) }).trim();
  }
  return apiErrorMessage(error, t);
}
