import i18next from 'i18next';
import { formatBytes as formatBytesIn } from '../../../shared/format';

/** A date in the UI language (2026. 11. 22. / Nov 22, 2026), or the word for never. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return i18next.t('common.never');
  return new Intl.DateTimeFormat(i18next.language, { dateStyle: 'medium' }).format(new Date(iso));
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return i18next.t('common.never');
  return new Intl.DateTimeFormat(i18next.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatBytes(bytes: number): string {
  return formatBytesIn(bytes, i18next.language);
}
