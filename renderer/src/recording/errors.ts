import type { TFunction } from 'i18next';
import { ApiError } from '../../../shared/contract';
import { apiErrorMessage } from '../components/errors';

/**
 * Recording's errors in the technician's language. A refused file keeps the back end's reason
 * (English, precise: "declares 16,000 bytes but only 4,956 are present") after a localised line.
 */
export function recordingErrorMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    if (error.field === 'disk') return t('recording.errors.disk', { detail: error.message });
    if (error.code === 'invalid_file') return t('recording.errors.invalidFile', { detail: error.message });
    if (error.code === 'not_found' && error.field === 'source.deviceIds') return t('recording.errors.sensorGone');
    if (error.code === 'unavailable' && error.field === 'source.deviceIds') return t('recording.errors.sensorBusy');
    if (error.code === 'conflict' && error.field === 'sessionId') return t('recording.errors.closed');
    if (error.code === 'unavailable') return t('recording.errors.busy', { detail: error.message });
  }
  return apiErrorMessage(error, t);
}
